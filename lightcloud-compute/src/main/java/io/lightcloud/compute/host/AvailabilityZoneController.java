package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.NovaTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Nova's {@code os-availability-zone}: the zones of the registered hosts. A zone is available while one of its
 * hosts' services is enabled; the admin's detail lists the hosts with their state.
 */
@RestController
public class AvailabilityZoneController {
    private final HostRepository hosts;
    private final HostSettings settings;
    private final PolicyEnforcer policy;

    public AvailabilityZoneController(HostRepository hosts, HostSettings settings, PolicyEnforcer policy) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping("/compute/v2.1/os-availability-zone")
    public Map<String, Object> list(AuthContext caller) {
        policy.enforce("os_compute_api:os-availability-zone:list", caller);
        return Map.of("availabilityZoneInfo", zones(false));
    }

    @GetMapping("/compute/v2.1/os-availability-zone/detail")
    public Map<String, Object> detail(AuthContext caller) {
        policy.enforce("os_compute_api:os-availability-zone:detail", caller);
        return Map.of("availabilityZoneInfo", zones(true));
    }

    private List<Map<String, Object>> zones(boolean detail) {
        Map<String, List<ComputeHost>> byZone = new TreeMap<>();
        hosts.listRegistered().forEach(h -> byZone.computeIfAbsent(h.availabilityZone(), k -> new ArrayList<>()).add(h));
        List<Map<String, Object>> zones = new ArrayList<>();
        byZone.forEach((zone, members) -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("zoneName", zone);
            view.put("zoneState", Map.of("available", members.stream().anyMatch(ComputeHost::enabled)));
            if (detail) {
                Map<String, Object> hostViews = new LinkedHashMap<>();
                for (ComputeHost host : members) {
                    Map<String, Object> service = new LinkedHashMap<>();
                    service.put("available", host.up(Instant.now(), settings.downAfterSeconds()));
                    service.put("active", host.enabled());
                    service.put("updated_at", NovaTimes.micros(host.lastHeartbeatAt()));
                    hostViews.put(host.hostname(), Map.of("nova-compute", service));
                }
                view.put("hosts", hostViews);
            } else {
                view.put("hosts", null);
            }
            zones.add(view);
        });
        return zones;
    }
}
