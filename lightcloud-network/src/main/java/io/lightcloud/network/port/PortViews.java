package io.lightcloud.network.port;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.StandardAttributes;
import io.lightcloud.network.core.AddressPair;
import io.lightcloud.network.core.IpAllocationRepository.Allocation;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.tag.TagRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Ports as Neutron shows them; {@code binding:host_id} only to whom {@code get_port:binding:host_id} allows. */
@Component
public class PortViews {
    private final IpAllocationRepository allocations;
    private final PortRepository ports;
    private final TagRepository tags;
    private final NeutronPolicy policy;

    public PortViews(IpAllocationRepository allocations, PortRepository ports, TagRepository tags,
            NeutronPolicy policy) {
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public Map<String, Object> view(AuthContext caller, Port port) {
        return view(caller, port, allocations.byPort(port.id()), ports.securityGroups(port.id()),
                tags.tags(port.id()));
    }

    public List<Map<String, Object>> views(AuthContext caller, List<Port> list) {
        List<String> ids = list.stream().map(Port::id).toList();
        Map<String, List<Allocation>> byPort = new HashMap<>();
        for (int i = 0; i < ids.size(); i += 500) {
            allocations.byPorts(ids.subList(i, Math.min(ids.size(), i + 500)))
                    .forEach(a -> byPort.computeIfAbsent(a.portId(), k -> new ArrayList<>()).add(a));
        }
        Map<String, List<String>> groups = ports.securityGroupsByPort();
        Map<String, List<String>> allTags = tags.tags(ids);
        return list.stream().map(p -> view(caller, p, byPort.getOrDefault(p.id(), List.of()),
                groups.getOrDefault(p.id(), List.of()), allTags.getOrDefault(p.id(), List.of()))).toList();
    }

    private Map<String, Object> view(AuthContext caller, Port p, List<Allocation> fixed, List<String> groups,
            List<String> tagList) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("name", p.name());
        view.put("network_id", p.networkId());
        view.put("mac_address", p.macAddress());
        view.put("admin_state_up", p.adminStateUp());
        view.put("status", p.status());
        view.put("device_id", p.deviceId());
        view.put("device_owner", p.deviceOwner());
        view.put("fixed_ips", fixed.stream()
                .map(a -> Map.of("subnet_id", a.subnetId(), "ip_address", a.ipAddress())).toList());
        view.put("allowed_address_pairs", p.allowedAddressPairs().stream().map(AddressPair::view).toList());
        view.put("extra_dhcp_opts", List.of());
        view.put("security_groups", groups);
        view.put("port_security_enabled", p.portSecurityEnabled());
        if (policy.allows("get_port:binding:host_id", caller, NeutronPolicy.target(p.projectId()))) {
            view.put("binding:host_id", p.bindingHostId());
            view.put("binding:profile", Map.of());
        }
        view.put("binding:vif_type", p.isBound() ? "bridge" : "unbound");
        view.put("binding:vif_details", p.isBound() ? Map.of("port_filter", true) : Map.of());
        view.put("binding:vnic_type", "normal");
        view.put("ip_allocation", "immediate");
        view.put("propagate_uplink_status", false);
        StandardAttributes.add(view, p.projectId(), p.description(), tagList, p.revisionNumber(), p.createdAt(),
                p.updatedAt());
        return view;
    }
}
