package io.lightcloud.compute.quota;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Usage counters that make quotas exact under concurrency, across controllers: a request locks the counters it
 * needs ({@code SELECT ... FOR UPDATE}, always in the same order so that requests cannot deadlock), checks them
 * against the limits, and changes them in the same transaction that creates or deletes what they count. A
 * concurrent request waits for the lock and then sees the committed count.
 */
@Component
public class QuotaLedger {
    private final JdbcClient jdbc;

    public QuotaLedger(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public static String project(String projectId) {
        return "project:" + projectId;
    }

    public static String user(String userId) {
        return "user:" + userId;
    }

    public static String group(String groupId) {
        return "group:" + groupId;
    }

    /** Locks the counters of {@code scope} until the current transaction ends, and returns their values. */
    public Map<QuotaResource, Long> lock(String scope, List<QuotaResource> resources) {
        requireTransaction();
        List<QuotaResource> ordered = new ArrayList<>(resources);
        ordered.sort(Comparator.comparing(QuotaResource::key));
        Map<QuotaResource, Long> usage = new LinkedHashMap<>();
        for (QuotaResource resource : ordered) {
            jdbc.sql("INSERT INTO compute_quota_usage (scope, resource, in_use) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")
                    .params(scope, resource.key()).update();
            long inUse = jdbc.sql("SELECT in_use FROM compute_quota_usage WHERE scope = ? AND resource = ? FOR UPDATE")
                    .params(scope, resource.key()).query(Long.class).single();
            usage.put(resource, inUse);
        }
        return usage;
    }

    /**
     * Adds {@code deltas} to the counters of {@code scope} when every resulting value stays within its limit
     * (-1 is unlimited; decreases always pass); otherwise changes nothing and throws.
     *
     * @throws QuotaExceededException with Nova's wording, naming every exceeded resource
     */
    public void consume(String scope, Map<QuotaResource, Long> deltas, Map<QuotaResource, Long> limits) {
        Map<QuotaResource, Long> usage = lock(scope, List.copyOf(deltas.keySet()));
        List<String> over = new ArrayList<>();
        StringBuilder requested = new StringBuilder();
        StringBuilder used = new StringBuilder();
        StringBuilder allowed = new StringBuilder();
        for (Map.Entry<QuotaResource, Long> entry : usage.entrySet()) {
            QuotaResource resource = entry.getKey();
            long delta = deltas.get(resource);
            long limit = limits.getOrDefault(resource, -1L);
            if (delta > 0 && limit >= 0 && entry.getValue() + delta > limit) {
                over.add(resource.key());
                append(requested, delta);
                append(used, entry.getValue());
                append(allowed, limit);
            }
        }
        if (!over.isEmpty()) {
            String names = String.join(", ", over);
            throw new QuotaExceededException("Quota exceeded for " + names + ": Requested " + requested
                    + ", but already used " + used + " of " + allowed + " " + names);
        }
        deltas.forEach((resource, delta) -> add(scope, resource, delta));
    }

    /** Changes a counter without a limit check: for releases, and after a {@link #lock} and a caller's own check. */
    public void add(String scope, QuotaResource resource, long delta) {
        if (delta == 0) {
            return;
        }
        int updated = jdbc.sql("UPDATE compute_quota_usage SET in_use = in_use + ? WHERE scope = ? AND resource = ?")
                .params(delta, scope, resource.key()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO compute_quota_usage (scope, resource, in_use) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")
                    .params(scope, resource.key()).update();
            jdbc.sql("UPDATE compute_quota_usage SET in_use = in_use + ? WHERE scope = ? AND resource = ?")
                    .params(delta, scope, resource.key()).update();
        }
    }

    /** Current counters of a scope without locking, for quota and limit views. */
    public Map<QuotaResource, Long> read(String scope) {
        Map<QuotaResource, Long> usage = new LinkedHashMap<>();
        jdbc.sql("SELECT resource, in_use FROM compute_quota_usage WHERE scope = ?").param(scope).query(rs -> {
            long inUse = rs.getLong("in_use");
            QuotaResource.byKey(rs.getString("resource")).ifPresent(r -> usage.put(r, inUse));
        });
        return usage;
    }

    private static void append(StringBuilder text, long value) {
        if (!text.isEmpty()) {
            text.append(", ");
        }
        text.append(value);
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("quota counters are locked inside a transaction only");
        }
    }
}
