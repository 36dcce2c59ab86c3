package io.lightcloud.server.network;

import static io.lightcloud.server.network.NeutronClient.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Routers, their gateways, interfaces and routes, and floating IPs through them. */
@Tag("database")
class RouterApiTest extends ServerTestBase {
    private ApiClient api;
    private NeutronClient admin;

    @BeforeEach
    void setUp() {
        api = api();
        admin = new NeutronClient(api, adminToken());
    }

    private NeutronClient member(String prefix) {
        IdentityFixture identity = new IdentityFixture(api, adminToken());
        String projectName = unique(prefix);
        String project = identity.project(projectName);
        String user = unique(prefix + "-user");
        identity.grant(project, identity.user(user, "pw"), "member");
        return new NeutronClient(api, api.token(user, "pw", projectName));
    }

    /** An external flat network with a /24 subnet; returns the network. */
    static JsonNode externalNetwork(NeutronClient admin, String physical, String cidr) {
        JsonNode network = admin.create("networks", "network", Map.of("name", unique("public"),
                "router:external", true, "provider:network_type", "flat", "provider:physical_network", physical));
        admin.create("subnets", "subnet", Map.of("network_id", network.get("id").stringValue(), "cidr", cidr,
                "ip_version", 4, "enable_dhcp", false));
        return network;
    }

    @Test
    void routerConnectsSubnetsAndCarriesFloatingIps() {
        JsonNode external = externalNetwork(admin, unique("phys"), "203.0.113.0/24");
        String externalId = external.get("id").stringValue();
        assertThat(external.get("mtu").intValue()).isEqualTo(1500);
        NeutronClient member = member("router");
        assertThat(member.get("/networks/" + externalId).status()).isEqualTo(200);

        String networkId = member.network(unique("inside")).get("id").stringValue();
        JsonNode subnet = member.subnet(networkId, "10.60.0.0/24");
        String subnetId = subnet.get("id").stringValue();
        String portId = member.port(networkId).get("id").stringValue();

        JsonNode router = member.create("routers", "router", Map.of("name", unique("r"),
                "external_gateway_info", Map.of("network_id", externalId)));
        String routerId = router.get("id").stringValue();
        assertThat(router.at("/external_gateway_info/network_id").stringValue()).isEqualTo(externalId);
        assertThat(router.at("/external_gateway_info/enable_snat").booleanValue()).isTrue();
        assertThat(router.at("/external_gateway_info/external_fixed_ips/0/ip_address").stringValue())
                .startsWith("203.0.113.");

        JsonNode floating = member.create("floatingips", "floatingip", Map.of("floating_network_id", externalId));
        String floatingId = floating.get("id").stringValue();
        assertThat(floating.get("status").stringValue()).isEqualTo("DOWN");
        assertThat(floating.get("floating_ip_address").stringValue()).startsWith("203.0.113.");
        assertFault(member.put("/floatingips/" + floatingId, Map.of("floatingip", Map.of("port_id", portId))), 404,
                "ExternalGatewayForFloatingIPNotFound");

        ApiClient.Response added = member.put("/routers/" + routerId + "/add_router_interface",
                Map.of("subnet_id", subnetId));
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(added.json().get("subnet_id").stringValue()).isEqualTo(subnetId);
        String interfacePort = added.json().get("port_id").stringValue();
        JsonNode interfaceView = member.get("/ports/" + interfacePort).json().get("port");
        assertThat(interfaceView.at("/fixed_ips/0/ip_address").stringValue()).isEqualTo("10.60.0.1");
        assertThat(interfaceView.get("device_owner").stringValue()).isEqualTo("network:router_interface");
        assertThat(interfaceView.get("device_id").stringValue()).isEqualTo(routerId);
        assertFault(member.put("/routers/" + routerId + "/add_router_interface", Map.of("subnet_id", subnetId)), 400,
                "HTTPBadRequest");

        ApiClient.Response associated = member.put("/floatingips/" + floatingId,
                Map.of("floatingip", Map.of("port_id", portId)));
        assertThat(associated.status()).as(associated.text()).isEqualTo(200);
        assertThat(associated.json().at("/floatingip/router_id").stringValue()).isEqualTo(routerId);
        assertThat(associated.json().at("/floatingip/fixed_ip_address").stringValue()).startsWith("10.60.0.");
        assertThat(associated.json().at("/floatingip/port_details/network_id").stringValue()).isEqualTo(networkId);
        assertThat(member.get("/floatingips?port_id=" + portId).json().get("floatingips")).hasSize(1);

        assertFault(member.delete("/routers/" + routerId), 409, "RouterInUse");
        assertFault(member.put("/routers/" + routerId + "/remove_router_interface", Map.of("subnet_id", subnetId)),
                409, "RouterInterfaceInUseByFloatingIP");
        assertFault(member.delete("/ports/" + interfacePort), 409, "L3PortInUse");

        ApiClient.Response routes = member.put("/routers/" + routerId, Map.of("router", Map.of("routes",
                List.of(Map.of("destination", "192.168.50.0/24", "nexthop", "10.60.0.9")))));
        assertThat(routes.status()).as(routes.text()).isEqualTo(200);
        assertThat(routes.json().at("/router/routes/0/nexthop").stringValue()).isEqualTo("10.60.0.9");
        assertFault(member.put("/routers/" + routerId, Map.of("router", Map.of("routes",
                List.of(Map.of("destination", "192.168.51.0/24", "nexthop", "172.16.0.1"))))), 400, "InvalidRoutes");

        Map<String, Object> disassociate = new HashMap<>();
        disassociate.put("port_id", null);
        ApiClient.Response cleared = member.put("/floatingips/" + floatingId, Map.of("floatingip", disassociate));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().at("/floatingip/port_id").isNull()).isTrue();
        assertThat(cleared.json().at("/floatingip/status").stringValue()).isEqualTo("DOWN");

        assertThat(member.put("/routers/" + routerId, Map.of("router", Map.of("routes", List.of()))).status())
                .isEqualTo(200);
        ApiClient.Response removed = member.put("/routers/" + routerId + "/remove_router_interface",
                Map.of("subnet_id", subnetId));
        assertThat(removed.status()).as(removed.text()).isEqualTo(200);
        assertFault(member.get("/ports/" + interfacePort), 404, "PortNotFound");
        assertThat(member.delete("/floatingips/" + floatingId).status()).isEqualTo(204);
        assertThat(member.delete("/routers/" + routerId).status()).isEqualTo(204);
        assertFault(member.get("/routers/" + routerId), 404, "RouterNotFound");
    }

    @Test
    void floatingIpsNeedAnExternalNetworkAndRoutersAreIsolated() {
        NeutronClient member = member("fipneg");
        String privateId = member.network(unique("priv")).get("id").stringValue();
        member.subnet(privateId, "10.61.0.0/24");
        assertFault(member.post("/floatingips", Map.of("floatingip", Map.of("floating_network_id", privateId))), 400,
                "HTTPBadRequest");
        String routerId = member.create("routers", "router", Map.of("name", unique("r"))).get("id").stringValue();
        NeutronClient other = member("fipother");
        assertFault(other.get("/routers/" + routerId), 404, "RouterNotFound");
        assertFault(other.put("/routers/" + routerId + "/add_router_interface", Map.of("subnet_id", "x")), 404,
                "RouterNotFound");
        assertFault(member.put("/routers/" + routerId, Map.of("router", Map.of("external_gateway_info",
                Map.of("network_id", privateId)))), 400, "HTTPBadRequest");
    }
}
