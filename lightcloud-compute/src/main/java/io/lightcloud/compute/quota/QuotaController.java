package io.lightcloud.compute.quota;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Nova's {@code os-quota-sets}: show, detail (with usage), defaults, update and reset by the admin. */
@RestController
@RequestMapping("/compute/v2.1/os-quota-sets")
public class QuotaController {
    private static final Logger log = LoggerFactory.getLogger(QuotaController.class);

    private final QuotaLimits limits;
    private final QuotaUsage usage;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public QuotaController(QuotaLimits limits, QuotaUsage usage, PolicyEnforcer policy, Transactions transactions) {
        this.limits = requireNonNull(limits, "limits is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping("/{projectId}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String projectId, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-quota-sets:show", caller, Map.of("target.project_id", projectId));
        return Map.of("quota_set", body(projectId, limits.forProject(projectId), request));
    }

    @GetMapping("/{projectId}/detail")
    public Map<String, Object> detail(AuthContext caller, @PathVariable String projectId,
            @RequestParam(name = "user_id", required = false) String userId, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-quota-sets:detail", caller, Map.of("target.project_id", projectId));
        Map<QuotaResource, Long> inUse = usage.of(projectId, userId == null ? caller.userId() : userId);
        Map<QuotaResource, Long> hard = limits.forProject(projectId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", projectId);
        int minor = ComputeApiVersion.of(request).minor();
        for (QuotaResource resource : QuotaResource.values()) {
            if (resource.shownAt(minor)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("in_use", inUse.getOrDefault(resource, 0L));
                entry.put("limit", hard.get(resource));
                entry.put("reserved", 0);
                body.put(resource.key(), entry);
            }
        }
        return Map.of("quota_set", body);
    }

    @GetMapping("/{projectId}/defaults")
    public Map<String, Object> defaults(AuthContext caller, @PathVariable String projectId,
            HttpServletRequest request) {
        policy.enforce("os_compute_api:os-quota-sets:defaults", caller, Map.of("target.project_id", projectId));
        return Map.of("quota_set", body(projectId, limits.defaults(), request));
    }

    @PutMapping("/{projectId}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String projectId,
            @RequestBody JsonNode body, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-quota-sets:update", caller, Map.of("target.project_id", projectId));
        JsonFields in = JsonFields.of(body, "quota_set");
        boolean force = in.raw().has("force") && parseForce(in.raw().get("force"));
        int minor = ComputeApiVersion.of(request).minor();
        Map<QuotaResource, Long> requested = new LinkedHashMap<>();
        for (String name : in.names()) {
            if (name.equals("force")) {
                continue;
            }
            QuotaResource resource = QuotaResource.byKey(name).filter(r -> r.shownAt(minor)).orElseThrow(
                    () -> ApiException.badRequest("Additional properties are not allowed ('" + name
                            + "' was unexpected)"));
            requested.put(resource, in.integer(name, -1, Integer.MAX_VALUE).orElseThrow(
                    () -> ApiException.badRequest("Invalid input for field 'quota_set." + name + "'.")));
        }
        if (!force) {
            Map<QuotaResource, Long> inUse = usage.of(projectId, caller.userId());
            requested.forEach((resource, limit) -> {
                long used = inUse.getOrDefault(resource, 0L);
                if (limit != -1 && limit < used) {
                    throw ApiException.badRequest("Quota limit " + limit + " for " + resource.key()
                            + " must be greater than or equal to already used and reserved " + used + ".");
                }
            });
        }
        transactions.run(() -> requested.forEach((resource, limit) -> limits.set(projectId, resource, limit)));
        log.info("Quota limits set project_id={} limits={} force={}", projectId, requested, force);
        Map<String, Object> view = body(projectId, limits.forProject(projectId), request);
        view.remove("id");
        return Map.of("quota_set", view);
    }

    @DeleteMapping("/{projectId}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String projectId) {
        policy.enforce("os_compute_api:os-quota-sets:delete", caller, Map.of("target.project_id", projectId));
        transactions.run(() -> limits.reset(projectId));
        log.info("Quota limits reset to the defaults project_id={}", projectId);
        return ResponseEntity.accepted().build();
    }

    private static Map<String, Object> body(String projectId, Map<QuotaResource, Long> values,
            HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", projectId);
        int minor = ComputeApiVersion.of(request).minor();
        for (QuotaResource resource : QuotaResource.values()) {
            if (resource.shownAt(minor)) {
                body.put(resource.key(), values.get(resource));
            }
        }
        return body;
    }

    private static boolean parseForce(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            String text = value.stringValue().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("1") || text.equals("yes")) {
                return true;
            }
            if (text.equals("false") || text.equals("0") || text.equals("no")) {
                return false;
            }
        }
        throw ApiException.badRequest("Invalid input for field 'quota_set.force': " + value + " is not a boolean.");
    }
}
