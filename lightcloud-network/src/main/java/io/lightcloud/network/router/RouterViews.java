package io.lightcloud.network.router;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.NetworkProperties;
import io.lightcloud.network.api.StandardAttributes;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.tag.TagRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
public class RouterViews {
    private final IpAllocationRepository allocations;
    private final TagRepository tags;
    private final String availabilityZone;

    public RouterViews(IpAllocationRepository allocations, TagRepository tags, NetworkProperties properties) {
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.availabilityZone = properties.availabilityZone();
    }

    public List<Map<String, Object>> views(List<Router> routers) {
        Map<String, List<String>> allTags = tags.tags(routers.stream().map(Router::id).toList());
        return routers.stream().map(r -> view(r, allTags.getOrDefault(r.id(), List.of()))).toList();
    }

    public Map<String, Object> view(Router router) {
        return view(router, tags.tags(router.id()));
    }

    private Map<String, Object> view(Router r, List<String> tagList) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("name", r.name());
        view.put("status", "ACTIVE");
        view.put("admin_state_up", r.adminStateUp());
        Map<String, Object> gateway = null;
        if (r.hasGateway()) {
            gateway = new LinkedHashMap<>();
            gateway.put("network_id", r.gatewayNetworkId());
            gateway.put("enable_snat", r.enableSnat());
            gateway.put("external_fixed_ips", r.gatewayPortId() == null ? List.of()
                    : allocations.byPort(r.gatewayPortId()).stream()
                            .map(a -> Map.of("subnet_id", a.subnetId(), "ip_address", a.ipAddress())).toList());
        }
        view.put("external_gateway_info", gateway);
        view.put("routes", r.routes().stream()
                .map(route -> Map.of("destination", route.destination(), "nexthop", route.nexthop())).toList());
        view.put("distributed", false);
        view.put("ha", false);
        view.put("flavor_id", null);
        view.put("availability_zone_hints", List.of());
        view.put("availability_zones", List.of(availabilityZone));
        StandardAttributes.add(view, r.projectId(), r.description(), tagList, r.revisionNumber(), r.createdAt(),
                r.updatedAt());
        return view;
    }
}
