package io.lightcloud.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.BrowserScript;
import io.lightcloud.server.testing.ImageFixture;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's network pages in headless Chromium against the real network service, without VMs: a user creates
 * a network with its subnet in one form (a refused subnet shows its fault and leaves no network behind) and sees it
 * in the list and the topology, a router with its gateway on an
 * external network and the subnet as an interface, a security group with a rule, and a floating IP, which it
 * associates with a port and disassociates again, on the floating IPs page and then from the instances page (whose
 * server list the browser answers with one server owning the port); the launch wizard's choices become the server
 * create request's {@code networks} and {@code security_groups} (and, with a new boot volume, its
 * {@code block_device_mapping_v2}); then the user deletes everything. The browser side is
 * {@code browser-tests/network-flow.mjs}; this test checks each result through the Neutron API.
 */
@Tag("browser")
class DashboardNetworkBrowserTest extends ServerTestBase {
    private static final String NEUTRON = "/network/v2.0";
    private static final String CIDR = "10.77.0.0/24";

    @Autowired
    private ImageRegistry imageRegistry;

    @Test
    void aUserManagesNetworksFromTheDashboard() throws IOException {
        ApiClient api = api();
        String admin = adminToken();
        String externalName = unique("dash-public");
        String externalId = create(api, admin, "networks", "network", Map.of("name", externalName,
                "router:external", true, "provider:network_type", "flat", "provider:physical_network", "public"))
                .get("id").stringValue();
        create(api, admin, "subnets", "subnet", Map.of("network_id", externalId, "cidr", "198.51.100.0/24",
                "ip_version", 4, "enable_dhcp", false));
        String network = unique("dash-net");
        String router = unique("dash-router");
        String group = unique("dash-sg");
        String image = unique("dash-image");
        String flavor = unique("dash-flavor");
        Path imageFile = Files.write(dataDir().resolve(image + ".raw"), new byte[4096]);
        String imageId = new ImageFixture(api, admin, imageRegistry).create(image, imageFile, "raw");
        ApiClient.Response flavorCreated = api.post("/compute/v2.1/flavors", admin, Map.of("flavor",
                Map.of("name", flavor, "vcpus", 1, "ram", 128, "disk", 1)));
        assertThat(flavorCreated.status()).as(flavorCreated.text()).isEqualTo(200);
        String flavorId = flavorCreated.json().at("/flavor/id").stringValue();
        BrowserScript flow = BrowserScript.of("network-flow.mjs", Map.of("BASE_URL", api.baseUrl(),
                "USERNAME", "admin", "PASSWORD", ADMIN_PASSWORD, "NETWORK_NAME", network, "CIDR", CIDR,
                "ROUTER_NAME", router, "EXTERNAL_NAME", externalName, "GROUP_NAME", group, "IMAGE_NAME", image,
                "FLAVOR_NAME", flavor));

        BrowserScript.Outcome created = succeed(flow, "create");
        assertThat(created.results().get("subnetFault").stringValue()).as("the refused subnet's fault")
                .contains("10.77.0.0/33");
        JsonNode net = only(api, admin, "/networks?name=" + network, "networks");
        String networkId = net.get("id").stringValue();
        JsonNode subnet = only(api, admin, "/subnets?network_id=" + networkId, "subnets");
        assertThat(subnet.get("cidr").stringValue()).isEqualTo(CIDR);
        assertThat(subnet.get("name").stringValue()).isEqualTo(network + "-subnet");
        assertThat(subnet.get("enable_dhcp").booleanValue()).isTrue();
        assertThat(subnet.get("gateway_ip").stringValue()).isEqualTo("10.77.0.1");

        JsonNode routerView = only(api, admin, "/routers?name=" + router, "routers");
        String routerId = routerView.get("id").stringValue();
        assertThat(routerView.at("/external_gateway_info/network_id").stringValue()).isEqualTo(externalId);
        JsonNode routerInterface = only(api, admin, "/ports?device_id=" + routerId
                + "&device_owner=network:router_interface", "ports");
        assertThat(routerInterface.at("/fixed_ips/0/subnet_id").stringValue())
                .isEqualTo(subnet.get("id").stringValue());
        assertThat(routerInterface.at("/fixed_ips/0/ip_address").stringValue()).isEqualTo("10.77.0.1");

        JsonNode groupView = only(api, admin, "/security-groups?name=" + group, "security_groups");
        String groupId = groupView.get("id").stringValue();
        assertThat(groupView.get("description").stringValue()).isEqualTo("web servers");
        JsonNode rule = only(api, admin, "/security-group-rules?security_group_id=" + groupId
                + "&direction=ingress", "security_group_rules");
        assertThat(rule.get("protocol").stringValue()).isEqualTo("tcp");
        assertThat(rule.get("ethertype").stringValue()).isEqualTo("IPv4");
        assertThat(rule.get("port_range_min").intValue()).isEqualTo(8080);
        assertThat(rule.get("port_range_max").intValue()).isEqualTo(8081);
        assertThat(rule.get("remote_ip_prefix").stringValue()).isEqualTo("10.0.0.0/8");

        JsonNode floatingIp = only(api, admin, "/floatingips?floating_network_id=" + externalId, "floatingips");
        String floatingIpId = floatingIp.get("id").stringValue();
        assertThat(floatingIp.get("floating_ip_address").stringValue())
                .isEqualTo(created.results().get("floatingIp").stringValue())
                .startsWith("198.51.100.");
        assertThat(floatingIp.get("port_id").isNull()).isTrue();

        // A port as compute would create it for an instance on the new network; the page offers it for association.
        String device = UUID.randomUUID().toString();
        String portId = create(api, admin, "ports", "port", Map.of("network_id", networkId,
                "device_id", device, "device_owner", "compute:nova")).get("id").stringValue();
        succeed(flow, "associate", device);
        JsonNode associated = get(api, admin, "/floatingips/" + floatingIpId).get("floatingip");
        assertThat(associated.get("port_id").stringValue()).isEqualTo(portId);
        assertThat(associated.get("router_id").stringValue()).isEqualTo(routerId);
        succeed(flow, "disassociate");
        assertThat(get(api, admin, "/floatingips/" + floatingIpId).at("/floatingip/port_id").isNull())
                .isTrue();
        String project = get(api, admin, "/ports/" + portId).at("/port/project_id").stringValue();
        String address = floatingIp.get("floating_ip_address").stringValue();
        succeed(flow, "instance-associate", device, project, address);
        assertThat(get(api, admin, "/floatingips/" + floatingIpId).at("/floatingip/port_id").stringValue())
                .as("associated from the instances page").isEqualTo(portId);
        succeed(flow, "instance-disassociate", device, project, address);
        assertThat(get(api, admin, "/floatingips/" + floatingIpId).at("/floatingip/port_id").isNull())
                .as("disassociated from the instances page").isTrue();
        assertThat(api.delete(NEUTRON + "/ports/" + portId, admin).status()).isEqualTo(204);

        JsonNode request = succeed(flow, "launch").results().get("serverCreate");
        assertThat(request.at("/server/networks").toString()).isEqualTo("[{\"uuid\":\"" + networkId + "\"}]");
        assertThat(request.at("/server/security_groups").toString()).isEqualTo("[{\"name\":\"" + group + "\"}]");
        assertThat(request.at("/server/imageRef").stringValue()).isEqualTo(imageId);
        assertThat(request.at("/server/flavorRef").stringValue()).isEqualTo(flavorId);
        JsonNode fromVolume = succeed(flow, "launch-volume").results().get("serverCreate");
        assertThat(fromVolume.at("/server/imageRef").stringValue()).as("the root is the new volume").isEmpty();
        assertThat(fromVolume.at("/server/block_device_mapping_v2").toString()).isEqualTo("[{\"boot_index\":0,"
                + "\"uuid\":\"" + imageId + "\",\"source_type\":\"image\",\"destination_type\":\"volume\","
                + "\"volume_size\":3,\"delete_on_termination\":true}]");

        succeed(flow, "delete");
        assertThat(status(api, admin, "/floatingips/" + floatingIpId)).isEqualTo(404);
        assertThat(status(api, admin, "/ports/" + routerInterface.get("id").stringValue())).isEqualTo(404);
        assertThat(status(api, admin, "/routers/" + routerId)).isEqualTo(404);
        assertThat(status(api, admin, "/security-group-rules/" + rule.get("id").stringValue())).isEqualTo(404);
        assertThat(status(api, admin, "/security-groups/" + groupId)).isEqualTo(404);
        assertThat(status(api, admin, "/subnets/" + subnet.get("id").stringValue())).isEqualTo(404);
        assertThat(status(api, admin, "/networks/" + networkId)).isEqualTo(404);

        assertThat(api.delete(NEUTRON + "/networks/" + externalId, admin).status()).isEqualTo(204);
        assertThat(api.delete("/image/v2/images/" + imageId, admin).status()).isEqualTo(204);
        assertThat(api.delete("/compute/v2.1/flavors/" + flavorId, admin).status()).isEqualTo(202);
    }

    private static BrowserScript.Outcome succeed(BrowserScript script, String... args) {
        BrowserScript.Outcome outcome = script.run(args);
        assertThat(outcome.succeeded()).as("browser phase %s:%n%s", args[0], outcome.output()).isTrue();
        return outcome;
    }

    private static JsonNode create(ApiClient api, String token, String collection, String kind,
            Map<String, Object> attributes) {
        ApiClient.Response created = api.post(NEUTRON + "/" + collection, token, Map.of(kind, attributes));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get(kind);
    }

    private static JsonNode get(ApiClient api, String token, String path) {
        ApiClient.Response response = api.get(NEUTRON + path, token);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode only(ApiClient api, String token, String path, String collection) {
        JsonNode items = get(api, token, path).get(collection);
        assertThat(items).as(path).hasSize(1);
        return items.get(0);
    }

    private static int status(ApiClient api, String token, String path) {
        return api.get(NEUTRON + path, token).status();
    }
}
