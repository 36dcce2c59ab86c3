package io.lightcloud.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The agents' network desired state: what each host gets, and that a change wakes a waiting poll. */
@Tag("database")
class NetworkAgentTest extends ServerTestBase {
    private record Host(String id, String credential) {
    }

    private Host host(String hostname) {
        ApiClient.Response created = api().post("/lightcloud/v1/hosts", adminToken(),
                Map.of("host", Map.of("hostname", hostname)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Host(created.json().at("/host/id").stringValue(), created.json().at("/host/credential").stringValue());
    }

    private ApiClient.Response poll(Host host, String query) {
        return api().send("GET", "/lightcloud/v1/agent/network?" + query, null, null,
                Map.of("Authorization", "Bearer " + host.credential()));
    }

    private JsonNode state(Host host, String tunnelIp, String physical) {
        ApiClient.Response response = poll(host, "wait=0&tunnel_ip=" + tunnelIp + "&physical_networks=" + physical);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    @Test
    void hostsGetTheirPortsNetworksDhcpSecurityGroupsAndRouters() throws Exception {
        NeutronClient admin = new NeutronClient(api(), adminToken());
        Host one = host(unique("net-node1"));
        Host two = host(unique("net-node2"));
        String physical = unique("ext");
        state(one, "192.0.2.11", "");
        state(two, "192.0.2.12", physical);

        String networkId = admin.network(unique("agentnet")).get("id").stringValue();
        String subnetId = admin.subnet(networkId, "10.70.0.0/24").get("id").stringValue();
        JsonNode first = boundPort(admin, networkId, one.id(), "web-1");
        JsonNode second = boundPort(admin, networkId, two.id(), "web-2");
        assertThat(first.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(first.get("binding:vif_type").stringValue()).isEqualTo("bridge");
        String firstIp = first.at("/fixed_ips/0/ip_address").stringValue();
        String secondIp = second.at("/fixed_ips/0/ip_address").stringValue();

        JsonNode dhcpPorts = admin.get("/ports?device_owner=network:dhcp&network_id=" + networkId).json().get("ports");
        assertThat(dhcpPorts).hasSize(1);
        JsonNode dhcpPort = dhcpPorts.get(0);
        assertThat(dhcpPort.get("binding:host_id").stringValue()).isEqualTo(one.id());

        JsonNode external = RouterApiTest.externalNetwork(admin, physical, "198.51.100.0/24");
        String routerId = admin.create("routers", "router", Map.of("name", unique("r"), "external_gateway_info",
                Map.of("network_id", external.get("id").stringValue()))).get("id").stringValue();
        assertThat(admin.put("/routers/" + routerId + "/add_router_interface", Map.of("subnet_id", subnetId))
                .status()).isEqualTo(200);
        String floatingId = admin.create("floatingips", "floatingip", Map.of("floating_network_id",
                external.get("id").stringValue(), "port_id", first.get("id").stringValue())).get("id").stringValue();

        JsonNode stateOne = state(one, "192.0.2.11", "");
        assertThat(stateOne.at("/host/tunnel_ip").stringValue()).isEqualTo("192.0.2.11");
        assertThat(ids(stateOne.get("ports"))).containsExactly(first.get("id").stringValue());
        JsonNode portView = stateOne.at("/ports/0");
        assertThat(portView.at("/fixed_ips/0/ip_address").stringValue()).isEqualTo(firstIp);
        assertThat(portView.get("device_owner").stringValue()).isEqualTo("compute:nova");
        JsonNode network = byId(stateOne.get("networks"), networkId);
        assertThat(network.get("network_type").stringValue()).isEqualTo("vxlan");
        assertThat(network.get("segmentation_id").intValue()).isPositive();
        assertThat(network.get("mtu").intValue()).isEqualTo(1450);
        assertThat(network.at("/subnets/0/gateway_ip").stringValue()).isEqualTo("10.70.0.1");
        assertThat(network.get("peers").toString()).isEqualTo("[\"192.0.2.12\"]");
        assertThat(network.get("fdb").toString()).contains(second.get("mac_address").stringValue())
                .doesNotContain(first.get("mac_address").stringValue());
        JsonNode dhcp = network.get("dhcp");
        assertThat(dhcp.get("port_id").stringValue()).isEqualTo(dhcpPort.get("id").stringValue());
        assertThat(dhcp.get("subnet_id").stringValue()).isEqualTo(subnetId);
        assertThat(dhcp.get("hosts").toString()).contains(firstIp, secondIp, "web-1", "web-2");
        String group = portView.at("/security_groups/0").stringValue();
        JsonNode groupView = byId(stateOne.get("security_groups"), group);
        assertThat(groupView.get("member_ips").toString()).contains(firstIp, secondIp);
        assertThat(groupView.get("rules")).hasSize(4);
        assertThat(stateOne.get("routers").toString()).doesNotContain(routerId);

        JsonNode stateTwo = state(two, "192.0.2.12", physical);
        JsonNode networkOnTwo = byId(stateTwo.get("networks"), networkId);
        assertThat(networkOnTwo.has("dhcp")).isFalse();
        assertThat(networkOnTwo.get("fdb").toString()).contains(first.get("mac_address").stringValue(),
                dhcpPort.get("mac_address").stringValue(), "192.0.2.11");
        JsonNode router = byId(stateTwo.get("routers"), routerId);
        assertThat(router.at("/gateway/physical_network").stringValue()).isEqualTo(physical);
        assertThat(router.at("/gateway/ip_address").stringValue()).startsWith("198.51.100.");
        assertThat(router.at("/gateway/gateway_ip").stringValue()).isEqualTo("198.51.100.1");
        assertThat(router.at("/interfaces/0/ip_address").stringValue()).isEqualTo("10.70.0.1");
        assertThat(router.at("/interfaces/0/cidr").stringValue()).isEqualTo("10.70.0.0/24");
        assertThat(router.at("/floating_ips/0/id").stringValue()).isEqualTo(floatingId);
        assertThat(router.at("/floating_ips/0/fixed_ip_address").stringValue()).isEqualTo(firstIp);
        assertThat(byId(stateTwo.get("networks"), external.get("id").stringValue()).get("network_type")
                .stringValue()).isEqualTo("flat");
    }

    @Test
    void aChangeWakesAWaitingPoll() throws Exception {
        Host host = host(unique("net-wait"));
        long generation = state(host, "192.0.2.21", "").get("generation").longValue();
        CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(
                () -> poll(host, "since=" + generation + "&wait=30&tunnel_ip=192.0.2.21"));
        Thread.sleep(500);
        assertThat(waiting).isNotDone();
        long start = System.nanoTime();
        new NeutronClient(api(), adminToken()).network(unique("wake"));
        ApiClient.Response woken = waiting.get(20, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        assertThat(woken.status()).isEqualTo(200);
        assertThat(woken.json().get("generation").longValue()).isGreaterThan(generation);
    }

    @Test
    void pollsNeedTheHostCredentialAndATunnelAddress() {
        Host host = host(unique("net-auth"));
        assertThat(api().get("/lightcloud/v1/agent/network?tunnel_ip=192.0.2.1", null).status()).isEqualTo(401);
        assertThat(poll(host, "wait=0").status()).isEqualTo(400);
        assertThat(poll(host, "wait=0&tunnel_ip=not-an-ip").status()).isEqualTo(400);
    }

    private static JsonNode boundPort(NeutronClient admin, String networkId, String hostId, String name) {
        String id = admin.create("ports", "port", Map.of("network_id", networkId, "name", name,
                "device_owner", "compute:nova", "device_id", unique("server"))).get("id").stringValue();
        ApiClient.Response bound = admin.put("/ports/" + id, Map.of("port", Map.of("binding:host_id", hostId)));
        assertThat(bound.status()).as(bound.text()).isEqualTo(200);
        return bound.json().get("port");
    }

    private static JsonNode byId(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.get("id").stringValue().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + items);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").stringValue()));
        return ids;
    }
}
