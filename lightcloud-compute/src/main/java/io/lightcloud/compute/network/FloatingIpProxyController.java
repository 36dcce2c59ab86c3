package io.lightcloud.compute.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ProjectFloatingIps;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Nova's deprecated {@code os-floating-ips} proxy, read-only: the floating IPs of the caller's project (Nova asks
 * Neutron with the caller's project, so an admin sees their own project's too), gone from microversion 2.36 as in
 * Nova. Prometheus's OpenStack discovery reads it to label targets with their public address.
 */
@RestController
@RequestMapping("/compute/v2.1/os-floating-ips")
public class FloatingIpProxyController {
    private final ObjectProvider<ProjectFloatingIps> floatingIps;
    private final PolicyEnforcer policy;

    public FloatingIpProxyController(ObjectProvider<ProjectFloatingIps> floatingIps, PolicyEnforcer policy) {
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        String project = scoped(caller, request, "os_compute_api:os-floating-ips:list");
        ProjectFloatingIps source = floatingIps.getIfAvailable();
        List<ProjectFloatingIps.FloatingIp> found = source == null ? List.of() : source.list(project);
        return Map.of("floating_ips", found.stream().map(FloatingIpProxyController::view).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        String project = scoped(caller, request, "os_compute_api:os-floating-ips:show");
        ProjectFloatingIps source = floatingIps.getIfAvailable();
        ProjectFloatingIps.FloatingIp found = (source == null ? null : source.find(project, id).orElse(null));
        if (found == null) {
            throw ApiException.notFound("Floating IP not found for ID " + id);
        }
        return Map.of("floating_ip", view(found));
    }

    private String scoped(AuthContext caller, HttpServletRequest request, String action) {
        if (ComputeApiVersion.atLeast(request, 2, 36)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        if (caller.projectId() == null) {
            throw ApiException.forbidden("A project-scoped token is required.");
        }
        policy.enforce(action, caller, Map.of("target.project_id", caller.projectId()));
        return caller.projectId();
    }

    private static Map<String, Object> view(ProjectFloatingIps.FloatingIp ip) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fixed_ip", ip.fixedAddress());
        view.put("id", ip.id());
        view.put("instance_id", ip.instanceId());
        view.put("ip", ip.address());
        view.put("pool", ip.pool());
        return view;
    }
}
