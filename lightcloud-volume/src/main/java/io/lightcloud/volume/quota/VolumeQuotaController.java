package io.lightcloud.volume.quota;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.api.VolumeFaults;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /os-quota-sets/{project}}: a project's quotas, optionally with usage, and their admin-only changes. */
@RestController
@RequestMapping("/volume/v3/{project_id}/os-quota-sets/{target}")
public class VolumeQuotaController {
    private static final Set<String> NON_QUOTA_KEYS = Set.of("id", "tenant_id");

    private final Quotas quotas;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public VolumeQuotaController(Quotas quotas, CinderRequests requests, PolicyEnforcer policy,
            TransactionTemplate transactions) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> show(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String target, @RequestParam Map<String, String> params, HttpServletRequest request,
            HttpServletResponse response) {
        requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:quotas:show", caller, CinderRequest.target(target));
        boolean usage = params.containsKey("usage") && CinderValues.bool(params.get("usage"), "usage");
        Map<String, Object> set = new LinkedHashMap<>();
        if (usage) {
            Map<String, Long> used = quotas.usage(target);
            quotas.limits(target).forEach((name, limit) -> {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("limit", limit);
                detail.put("in_use", used.getOrDefault(name, 0L));
                detail.put("reserved", 0);
                set.put(name, detail);
            });
        } else {
            set.putAll(quotas.limits(target));
        }
        set.put("id", target);
        return Map.of("quota_set", set);
    }

    @GetMapping("/defaults")
    public Map<String, Object> defaults(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String target, HttpServletRequest request, HttpServletResponse response) {
        requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:quotas:show", caller, CinderRequest.target(target));
        Map<String, Object> set = new LinkedHashMap<>(quotas.defaults());
        set.put("id", target);
        return Map.of("quota_set", set);
    }

    @PutMapping
    public Map<String, Object> update(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String target, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:quotas:update", caller, CinderRequest.target(target));
        JsonFields in = JsonFields.of(body, "quota_set");
        if (in.names().isEmpty()) {
            throw VolumeFaults.invalidInput("'quota_set' must have at least one property.");
        }
        Map<String, QuotaKey> keys = quotas.keys();
        List<String> bad = new ArrayList<>();
        Map<QuotaKey, Long> changes = new TreeMap<>();
        Map<String, Long> usage = quotas.usage(target);
        for (String name : in.names()) {
            if (NON_QUOTA_KEYS.contains(name)) {
                continue;
            }
            QuotaKey key = keys.get(name);
            if (key == null) {
                bad.add(name);
                continue;
            }
            long value = in.integer(name, -1, Integer.MAX_VALUE).orElseThrow(
                    () -> VolumeFaults.invalidInput("The quota of " + name + " must be an integer."));
            long used = usage.getOrDefault(name, 0L);
            if (value != -1 && !key.resource().equals(QuotaKey.PER_VOLUME_GIGABYTES) && value < used) {
                throw VolumeFaults.invalidInput("Quota " + name + " limit must be equal or greater than existing "
                        + "resources. Current usage is " + used + " and the requested limit is " + value + ".");
            }
            changes.put(key, value);
        }
        if (!bad.isEmpty()) {
            throw VolumeFaults.invalidInput("Bad key(s) in quota set: " + String.join(", ", bad.stream().sorted()
                    .toList()));
        }
        transactions.executeWithoutResult(status -> changes.forEach((key, value) -> quotas.setLimit(target, key, value)));
        return Map.of("quota_set", quotas.limits(target));
    }

    /** Cinder answers 200 with no body. */
    @DeleteMapping
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String target, HttpServletRequest request, HttpServletResponse response) {
        requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:quotas:delete", caller, CinderRequest.target(target));
        transactions.executeWithoutResult(status -> quotas.resetLimits(target));
        return ResponseEntity.ok().build();
    }
}
