package io.lightcloud.network.version;

import io.lightcloud.network.api.NeutronFaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2.0/extensions}: the Neutron extensions this service implements, which clients probe before use. */
@RestController
public class ExtensionController {
    private static final String UPDATED = "2024-01-01T00:00:00-00:00";
    private static final List<Map<String, Object>> EXTENSIONS = List.of(
            extension("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron "
                    + "networks and access to external networks via a NAT gateway."),
            extension("external-net", "Neutron external network", "Adds external network attribute to network "
                    + "resource."),
            extension("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router "
                    + "abstraction for specifying whether SNAT should occur on the external gateway"),
            extension("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"),
            extension("provider", "Provider Network", "Expose mapping of virtual networks to physical networks"),
            extension("security-group", "security-group", "The security groups extension."),
            extension("quotas", "Quota management support", "Expose functions for quotas management per tenant"),
            extension("quota_details", "Quota details management support", "Expose functions for quotas usage "
                    + "statistics per project"),
            extension("standard-attr-tag", "Tag support for resources with standard attribute: subnet, "
                    + "floatingip, router, network, security_group, port", "Enables to set tag on resources with "
                    + "standard attribute."),
            extension("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to "
                    + "all Neutron resources that have Neutron standard attributes."),
            extension("standard-attr-description", "standard-attr-description", "Extension to add descriptions to "
                    + "standard attributes"),
            extension("standard-attr-revisions", "Resource revision numbers", "This extension will display the "
                    + "revision number of neutron resources."),
            extension("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
            extension("port-security", "Port Security", "Provides port security"),
            extension("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
            extension("project-id", "project_id field enabled", "Extension that indicates that project_id field "
                    + "is enabled."),
            extension("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
            extension("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
            extension("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
            extension("auto-allocated-topology", "Auto Allocated Topology Services", "Auto Allocated Topology "
                    + "Services."),
            extension("fip-port-details", "Floating IP Port Details Extension", "Add port_details attribute to "
                    + "Floating IP resource"));

    @GetMapping({"/network/v2.0/extensions", "/network/v2.0/extensions.json"})
    public Map<String, Object> list() {
        return Map.of("extensions", EXTENSIONS);
    }

    @GetMapping("/network/v2.0/extensions/{alias}")
    public Map<String, Object> show(@PathVariable String alias) {
        return Map.of("extension", EXTENSIONS.stream().filter(e -> e.get("alias").equals(alias)).findFirst()
                .orElseThrow(() -> NeutronFaults.notFound("Extension", alias)));
    }

    private static Map<String, Object> extension(String alias, String name, String description) {
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put("alias", alias);
        extension.put("name", name);
        extension.put("description", description);
        extension.put("updated", UPDATED);
        extension.put("links", List.of());
        return extension;
    }
}
