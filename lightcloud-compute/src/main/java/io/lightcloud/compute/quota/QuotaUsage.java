package io.lightcloud.compute.quota;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What a project (and, for key pairs, a user) currently uses, from the usage counters. */
@Component
public class QuotaUsage {
    private final QuotaLedger ledger;

    public QuotaUsage(QuotaLedger ledger) {
        this.ledger = requireNonNull(ledger, "ledger is null");
    }

    public Map<QuotaResource, Long> of(String projectId, String userId) {
        Map<QuotaResource, Long> usage = new EnumMap<>(QuotaResource.class);
        usage.putAll(ledger.read(QuotaLedger.project(projectId)));
        usage.remove(QuotaResource.KEY_PAIRS);
        if (userId != null) {
            usage.put(QuotaResource.KEY_PAIRS, ledger.read(QuotaLedger.user(userId))
                    .getOrDefault(QuotaResource.KEY_PAIRS, 0L));
        }
        return usage;
    }
}
