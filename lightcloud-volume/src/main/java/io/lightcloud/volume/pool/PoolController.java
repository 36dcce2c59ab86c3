package io.lightcloud.volume.pool;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.backend.BackendStats;
import io.lightcloud.volume.backend.VolumeBackend;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.task.VolumeTasks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /scheduler-stats/get_pools}: each backend as one pool with its capacity, for administrators. */
@RestController
public class PoolController {
    private final VolumeBackends backends;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final String host;

    public PoolController(VolumeBackends backends, CinderRequests requests, PolicyEnforcer policy, VolumeTasks tasks) {
        this.backends = requireNonNull(backends, "backends is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.host = tasks.host();
    }

    @GetMapping("/volume/v3/{project_id}/scheduler-stats/get_pools")
    public Map<String, Object> pools(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        requests.begin(caller, projectId, request, response);
        policy.enforce("scheduler_extension:scheduler_stats:get_pools", caller);
        boolean detail = params.containsKey("detail") && Boolean.TRUE.equals(CinderValues.bool(params.get("detail"),
                "detail"));
        List<Map<String, Object>> pools = new ArrayList<>();
        for (VolumeBackend backend : backends.all()) {
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("name", host + "@" + backend.name() + "#" + backend.name());
            if (detail) {
                BackendStats stats = backend.stats();
                Map<String, Object> capabilities = new LinkedHashMap<>();
                capabilities.put("pool_name", backend.name());
                capabilities.put("volume_backend_name", backend.name());
                capabilities.put("storage_protocol", stats.storageProtocol());
                capabilities.put("total_capacity_gb", stats.totalCapacityGb());
                capabilities.put("free_capacity_gb", stats.freeCapacityGb());
                capabilities.put("reserved_percentage", 0);
                capabilities.put("thin_provisioning_support", true);
                capabilities.put("vendor_name", "Lightcloud");
                capabilities.put("driver_version", "1.0");
                capabilities.put("timestamp", Timestamps.seconds(Instant.now()));
                pool.put("capabilities", capabilities);
            }
            pools.add(pool);
        }
        return Map.of("pools", pools);
    }
}
