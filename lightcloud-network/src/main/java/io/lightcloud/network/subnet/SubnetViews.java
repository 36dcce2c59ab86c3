package io.lightcloud.network.subnet;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.address.AllocationPool;
import io.lightcloud.network.api.StandardAttributes;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.tag.TagRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
public class SubnetViews {
    private final TagRepository tags;

    public SubnetViews(TagRepository tags) {
        this.tags = requireNonNull(tags, "tags is null");
    }

    public Map<String, Object> view(Subnet subnet) {
        return views(List.of(subnet)).get(0);
    }

    public List<Map<String, Object>> views(List<Subnet> subnets) {
        Map<String, List<String>> allTags = tags.tags(subnets.stream().map(Subnet::id).toList());
        return subnets.stream().map(s -> view(s, allTags.getOrDefault(s.id(), List.of()))).toList();
    }

    private static Map<String, Object> view(Subnet s, List<String> tagList) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("name", s.name());
        view.put("network_id", s.networkId());
        view.put("ip_version", 4);
        view.put("cidr", s.cidr());
        view.put("gateway_ip", s.gatewayIp());
        view.put("allocation_pools", s.allocationPools().stream().map(AllocationPool::view).toList());
        view.put("enable_dhcp", s.enableDhcp());
        view.put("dns_nameservers", s.dnsNameservers());
        view.put("host_routes", s.hostRoutes().stream()
                .map(r -> Map.of("destination", r.destination(), "nexthop", r.nexthop())).toList());
        view.put("ipv6_address_mode", null);
        view.put("ipv6_ra_mode", null);
        view.put("subnetpool_id", null);
        view.put("service_types", List.of());
        view.put("dns_publish_fixed_ip", false);
        StandardAttributes.add(view, s.projectId(), s.description(), tagList, s.revisionNumber(), s.createdAt(),
                s.updatedAt());
        return view;
    }
}
