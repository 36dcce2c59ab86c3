package io.lightcloud.network.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.NetworkProperties;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.StandardAttributes;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import io.lightcloud.network.tag.TagRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Networks as Neutron shows them; the provider attributes only to whom {@code get_network:provider:*} allows. */
@Component
public class NetworkViews {
    private final SubnetRepository subnets;
    private final TagRepository tags;
    private final NeutronPolicy policy;
    private final String availabilityZone;

    public NetworkViews(SubnetRepository subnets, TagRepository tags, NeutronPolicy policy,
            NetworkProperties properties) {
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.availabilityZone = properties.availabilityZone();
    }

    public Map<String, Object> view(AuthContext caller, Network network) {
        return views(caller, List.of(network)).get(0);
    }

    public List<Map<String, Object>> views(AuthContext caller, List<Network> networks) {
        List<String> ids = networks.stream().map(Network::id).toList();
        Map<String, List<String>> subnetIds = new HashMap<>();
        for (Subnet subnet : subnets.byNetworks(ids)) {
            subnetIds.computeIfAbsent(subnet.networkId(), k -> new ArrayList<>()).add(subnet.id());
        }
        Map<String, List<String>> allTags = tags.tags(ids);
        return networks.stream().map(n -> view(caller, n, subnetIds.getOrDefault(n.id(), List.of()),
                allTags.getOrDefault(n.id(), List.of()))).toList();
    }

    private Map<String, Object> view(AuthContext caller, Network n, List<String> subnetIds, List<String> tagList) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", n.id());
        view.put("name", n.name());
        view.put("admin_state_up", n.adminStateUp());
        view.put("status", "ACTIVE");
        view.put("subnets", subnetIds);
        view.put("shared", n.shared());
        view.put("router:external", n.external());
        view.put("is_default", n.isDefault());
        view.put("mtu", n.mtu());
        view.put("port_security_enabled", n.portSecurityEnabled());
        view.put("availability_zone_hints", List.of());
        view.put("availability_zones", List.of(availabilityZone));
        view.put("ipv4_address_scope", null);
        view.put("ipv6_address_scope", null);
        view.put("l2_adjacency", true);
        if (policy.allows("get_network:provider:network_type", caller, NeutronPolicy.target(n.projectId()))) {
            view.put("provider:network_type", n.networkType());
            view.put("provider:physical_network", n.physicalNetwork());
            view.put("provider:segmentation_id", n.segmentationId());
        }
        StandardAttributes.add(view, n.projectId(), n.description(), tagList, n.revisionNumber(), n.createdAt(),
                n.updatedAt());
        return view;
    }
}
