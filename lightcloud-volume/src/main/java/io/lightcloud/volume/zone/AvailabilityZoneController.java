package io.lightcloud.volume.zone;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.VolumeProperties;
import io.lightcloud.volume.api.CinderRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code /os-availability-zone}: the one zone this cloud's volumes live in. */
@RestController
public class AvailabilityZoneController {
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final String zone;

    public AvailabilityZoneController(CinderRequests requests, PolicyEnforcer policy, VolumeProperties properties) {
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.zone = properties.availabilityZone();
    }

    @GetMapping("/volume/v3/{project_id}/os-availability-zone")
    public Map<String, Object> zones(AuthContext caller, @PathVariable("project_id") String projectId,
            HttpServletRequest request, HttpServletResponse response) {
        requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:availability_zone_list", caller);
        return Map.of("availabilityZoneInfo", List.of(Map.of("zoneName", zone, "zoneState", Map.of("available", true))));
    }
}
