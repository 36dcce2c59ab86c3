package io.lightcloud.compute.quota;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Nova's {@code /limits}: the caller's project limits and usage, in Nova's absolute-limit names. */
@RestController
public class LimitsController {
    private final QuotaLimits limits;
    private final QuotaUsage usage;
    private final PolicyEnforcer policy;

    public LimitsController(QuotaLimits limits, QuotaUsage usage, PolicyEnforcer policy) {
        this.limits = requireNonNull(limits, "limits is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping("/compute/v2.1/limits")
    public Map<String, Object> limits(AuthContext caller, @RequestParam(name = "tenant_id", required = false)
            String tenantId, HttpServletRequest request) {
        policy.enforce("os_compute_api:limits", caller);
        String projectId = caller.projectId();
        if (tenantId != null && !tenantId.equals(caller.projectId())) {
            policy.enforce("os_compute_api:limits:other_project", caller);
            projectId = tenantId;
        }
        if (projectId == null) {
            throw ApiException.badRequest("Limits are per project; use a project-scoped token.");
        }
        Map<QuotaResource, Long> hard = limits.forProject(projectId);
        Map<QuotaResource, Long> used = usage.of(projectId, caller.userId());
        int minor = ComputeApiVersion.of(request).minor();
        Map<String, Object> absolute = new LinkedHashMap<>();
        absolute.put("maxServerMeta", hard.get(QuotaResource.METADATA_ITEMS));
        if (minor < 39) {
            absolute.put("maxImageMeta", hard.get(QuotaResource.METADATA_ITEMS));
        }
        if (minor < 57) {
            absolute.put("maxPersonality", hard.get(QuotaResource.INJECTED_FILES));
            absolute.put("maxPersonalitySize", hard.get(QuotaResource.INJECTED_FILE_CONTENT_BYTES));
        }
        absolute.put("maxTotalCores", hard.get(QuotaResource.CORES));
        absolute.put("maxTotalInstances", hard.get(QuotaResource.INSTANCES));
        absolute.put("maxTotalKeypairs", hard.get(QuotaResource.KEY_PAIRS));
        absolute.put("maxTotalRAMSize", hard.get(QuotaResource.RAM));
        absolute.put("maxServerGroups", hard.get(QuotaResource.SERVER_GROUPS));
        absolute.put("maxServerGroupMembers", hard.get(QuotaResource.SERVER_GROUP_MEMBERS));
        if (minor < 36) {
            absolute.put("maxSecurityGroups", hard.get(QuotaResource.SECURITY_GROUPS));
            absolute.put("maxSecurityGroupRules", hard.get(QuotaResource.SECURITY_GROUP_RULES));
            absolute.put("maxTotalFloatingIps", hard.get(QuotaResource.FLOATING_IPS));
        }
        absolute.put("totalCoresUsed", used.getOrDefault(QuotaResource.CORES, 0L));
        absolute.put("totalInstancesUsed", used.getOrDefault(QuotaResource.INSTANCES, 0L));
        absolute.put("totalRAMUsed", used.getOrDefault(QuotaResource.RAM, 0L));
        absolute.put("totalServerGroupsUsed", used.getOrDefault(QuotaResource.SERVER_GROUPS, 0L));
        if (minor < 36) {
            // Nova's proxies of the network quotas (absolute resources since nova-network went) count no usage.
            absolute.put("totalFloatingIpsUsed", 0L);
            absolute.put("totalSecurityGroupsUsed", 0L);
        }
        return Map.of("limits", Map.of("rate", List.of(), "absolute", absolute));
    }
}
