package io.lightcloud.network.floatingip;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.api.StandardAttributes;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.tag.TagRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Floating IPs as Neutron shows them, with the fip-port-details of an associated port. */
@Component
public class FloatingIpViews {
    private final PortRepository ports;
    private final TagRepository tags;

    public FloatingIpViews(PortRepository ports, TagRepository tags) {
        this.ports = requireNonNull(ports, "ports is null");
        this.tags = requireNonNull(tags, "tags is null");
    }

    public List<Map<String, Object>> views(List<FloatingIp> floatingIps) {
        Map<String, List<String>> allTags = tags.tags(floatingIps.stream().map(FloatingIp::id).toList());
        return floatingIps.stream().map(f -> view(f, allTags.getOrDefault(f.id(), List.of()))).toList();
    }

    public Map<String, Object> view(FloatingIp floatingIp) {
        return view(floatingIp, tags.tags(floatingIp.id()));
    }

    private Map<String, Object> view(FloatingIp f, List<String> tagList) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", f.id());
        view.put("floating_ip_address", f.floatingIpAddress());
        view.put("floating_network_id", f.floatingNetworkId());
        view.put("router_id", f.routerId());
        view.put("port_id", f.portId());
        view.put("fixed_ip_address", f.fixedIpAddress());
        view.put("status", f.isAssociated() ? "ACTIVE" : "DOWN");
        view.put("port_details", f.portId() == null ? null : ports.find(f.portId()).map(this::details).orElse(null));
        view.put("port_forwardings", List.of());
        view.put("qos_policy_id", null);
        StandardAttributes.add(view, f.projectId(), f.description(), tagList, f.revisionNumber(), f.createdAt(),
                f.updatedAt());
        return view;
    }

    private Map<String, Object> details(Port port) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", port.name());
        details.put("network_id", port.networkId());
        details.put("mac_address", port.macAddress());
        details.put("admin_state_up", port.adminStateUp());
        details.put("status", port.status());
        details.put("device_id", port.deviceId());
        details.put("device_owner", port.deviceOwner());
        return details;
    }
}
