package io.lightcloud.network;

import io.lightcloud.common.policy.PolicyDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network service's default rules under Neutron's names. Project readers read and members change their own
 * resources; everyone reads shared and external networks; the provider attributes, {@code shared},
 * {@code router:external}, port bindings and quota changes are the cloud admin's. Targets carry
 * {@code target.project_id}, and for networks {@code target.shared} and {@code target.external} ("True"/"False").
 */
public final class NetworkPolicies implements PolicyDefaults {
    @Override
    public Map<String, String> rules() {
        String reader = "rule:project_reader_or_admin";
        String member = "rule:project_member_or_admin";
        String admin = "rule:admin_required";
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("network_shared_or_external", "'True':%(target.shared)s or 'True':%(target.external)s");

        rules.put("create_network", member);
        rules.put("get_network", reader + " or rule:network_shared_or_external");
        rules.put("update_network", member);
        rules.put("delete_network", member);
        for (String action : new String[] {"create_network", "update_network"}) {
            rules.put(action + ":shared", admin);
            rules.put(action + ":router:external", admin);
            rules.put(action + ":is_default", admin);
            rules.put(action + ":provider:network_type", admin);
            rules.put(action + ":provider:physical_network", admin);
            rules.put(action + ":provider:segmentation_id", admin);
        }
        rules.put("get_network:provider:network_type", admin);
        rules.put("get_network:provider:physical_network", admin);
        rules.put("get_network:provider:segmentation_id", admin);
        rules.put("get_auto_allocated_topology", member);
        rules.put("delete_auto_allocated_topology", member);

        rules.put("create_subnet", member);
        rules.put("get_subnet", reader + " or 'True':%(target.shared)s");
        rules.put("update_subnet", member);
        rules.put("delete_subnet", member);

        rules.put("create_port", member);
        rules.put("get_port", reader);
        rules.put("update_port", member);
        rules.put("delete_port", member);
        // As Neutron: the network's owner may choose a MAC for a port on it (target.network.project_id).
        rules.put("create_port:mac_address", admin + " or (role:member and project_id:%(target.network.project_id)s)");
        rules.put("create_port:binding:host_id", admin);
        rules.put("update_port:binding:host_id", admin);
        rules.put("update_port:mac_address", admin);
        rules.put("get_port:binding:host_id", admin);

        rules.put("create_security_group", member);
        rules.put("get_security_group", reader);
        rules.put("update_security_group", member);
        rules.put("delete_security_group", member);
        rules.put("create_security_group_rule", member);
        rules.put("get_security_group_rule", reader);
        rules.put("delete_security_group_rule", member);

        rules.put("create_router", member);
        rules.put("get_router", reader);
        rules.put("update_router", member);
        rules.put("delete_router", member);
        rules.put("add_router_interface", member);
        rules.put("remove_router_interface", member);
        rules.put("create_router:external_gateway_info:external_fixed_ips", admin);
        rules.put("update_router:external_gateway_info:external_fixed_ips", admin);

        rules.put("create_floatingip", member);
        rules.put("create_floatingip:floating_ip_address", admin);
        rules.put("get_floatingip", reader);
        rules.put("update_floatingip", member);
        rules.put("delete_floatingip", member);

        rules.put("get_quota", reader);
        rules.put("update_quota", admin);
        rules.put("delete_quota", admin);
        return rules;
    }
}
