package io.lightcloud.network.quota;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.store.NetworkTransactions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v2.0/quotas}: limits per project, their defaults and usage, and the admin's changes. */
@RestController
public class NetworkQuotaController {
    private static final String BASE = "/network/v2.0/quotas";

    private final NetworkQuotas quotas;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;

    public NetworkQuotaController(NetworkQuotas quotas, NeutronPolicy policy, NetworkTransactions transactions) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    /** The projects with limits of their own. */
    @GetMapping({BASE, BASE + ".json"})
    public Map<String, Object> list(AuthContext caller) {
        policy.enforce("update_quota", caller, NeutronPolicy.target(""));
        List<Map<String, Object>> sets = quotas.projectsWithLimits().stream().map(project -> {
            Map<String, Object> set = new LinkedHashMap<>(quotas.limits(project));
            set.put("project_id", project);
            set.put("tenant_id", project);
            return set;
        }).toList();
        return Map.of("quotas", sets);
    }

    @GetMapping({BASE + "/{project}", BASE + "/{project}.json"})
    public Map<String, Object> show(AuthContext caller, @PathVariable String project) {
        policy.enforce("get_quota", caller, project);
        return Map.of("quota", quotas.limits(project));
    }

    @GetMapping({BASE + "/{project}/default", BASE + "/{project}/default.json"})
    public Map<String, Object> defaults(AuthContext caller, @PathVariable String project) {
        policy.enforce("get_quota", caller, project);
        Map<String, Object> set = new LinkedHashMap<>();
        quotas.resources().forEach(resource -> set.put(resource, quotas.defaults().get(resource)));
        return Map.of("quota", set);
    }

    @GetMapping({BASE + "/{project}/details", BASE + "/{project}/details.json"})
    public Map<String, Object> details(AuthContext caller, @PathVariable String project) {
        policy.enforce("get_quota", caller, project);
        Map<String, Object> set = new LinkedHashMap<>();
        quotas.limits(project).forEach((resource, limit) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("used", quotas.used(project, resource));
            detail.put("limit", limit);
            detail.put("reserved", 0);
            set.put(resource, detail);
        });
        return Map.of("quota", set);
    }

    @PutMapping({BASE + "/{project}", BASE + "/{project}.json"})
    public Map<String, Object> update(AuthContext caller, @PathVariable String project, @RequestBody JsonNode body) {
        policy.enforce("update_quota", caller, project);
        JsonFields in = JsonFields.of(body, "quota");
        Map<String, Long> changes = new LinkedHashMap<>();
        for (String name : in.names()) {
            if (name.equals("project_id") || name.equals("tenant_id")) {
                continue;
            }
            if (!quotas.resources().contains(name)) {
                throw NeutronFaults.badRequest("Unrecognized attribute(s) '" + name + "'");
            }
            changes.put(name, in.integer(name, -1, Integer.MAX_VALUE).orElseThrow(() -> NeutronFaults.invalidInput(
                    "'" + name + "' must be an integer of -1 or more")));
        }
        transactions.run(() -> changes.forEach((resource, limit) -> quotas.setLimit(project, resource, limit)));
        return Map.of("quota", quotas.limits(project));
    }

    @DeleteMapping({BASE + "/{project}", BASE + "/{project}.json"})
    public ResponseEntity<Void> reset(AuthContext caller, @PathVariable String project) {
        policy.enforce("delete_quota", caller, project);
        transactions.run(() -> quotas.resetLimits(project));
        return ResponseEntity.noContent().build();
    }
}
