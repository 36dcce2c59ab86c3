package io.lightcloud.server.network;

import static io.lightcloud.server.network.NeutronClient.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Neutron v2.0 API of networks, subnets, ports and security groups on the real server. */
@Tag("database")
class NetworkApiTest extends ServerTestBase {
    private ApiClient api;
    private NeutronClient admin;

    @BeforeEach
    void setUp() {
        api = api();
        admin = new NeutronClient(api, adminToken());
    }

    /** A member of a new project. */
    private NeutronClient member(String prefix) {
        IdentityFixture identity = new IdentityFixture(api, adminToken());
        String projectName = unique(prefix);
        String project = identity.project(projectName);
        String user = unique(prefix + "-user");
        identity.grant(project, identity.user(user, "pw"), "member");
        return new NeutronClient(api, api.token(user, "pw", projectName));
    }

    @Test
    void versionDocumentsAndCatalog() {
        ApiClient.Response versions = api.get("/network/", null);
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.json().at("/versions/0/id").stringValue()).isEqualTo("v2.0");
        assertThat(versions.json().at("/versions/0/links/0/href").stringValue()).endsWith("/network/v2.0/");
        JsonNode resources = api.get("/network/v2.0", null).json().get("resources");
        assertThat(resources.toString()).contains("\"collection\":\"networks\"", "\"collection\":\"floatingips\"");
        JsonNode extensions = admin.get("/extensions").json().get("extensions");
        List<String> aliases = new ArrayList<>();
        extensions.forEach(e -> aliases.add(e.get("alias").stringValue()));
        assertThat(aliases).contains("router", "external-net", "provider", "security-group", "quotas",
                "standard-attr-tag", "binding", "port-security", "allowed-address-pairs", "net-mtu", "extraroute");
        assertFault(api.get("/network/v2.0/networks", null), 401, "HTTPUnauthorized");
        assertFault(admin.get("/no-such-collection"), 404, "HTTPNotFound");
        assertFault(admin.post("/networks", "{not json"), 400, "MalformedRequestBody");
        assertFault(admin.post("/networks", Map.of("network", Map.of("description", "x".repeat(200_000)))), 413,
                "RequestEntityTooLarge");
        ApiClient.Response catalog = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth("admin", ADMIN_PASSWORD, "admin"));
        assertThat(catalog.json().at("/token/catalog").toString()).contains("\"type\":\"network\"");
    }

    @Test
    void networkLifecycleWithVxlanSegment() {
        JsonNode network = admin.create("networks", "network", Map.of("name", unique("net"), "description", "d1"));
        assertThat(network.get("provider:network_type").stringValue()).isEqualTo("vxlan");
        int vni = network.get("provider:segmentation_id").intValue();
        assertThat(vni).isBetween(1001, 65000);
        assertThat(network.get("mtu").intValue()).isEqualTo(1450);
        assertThat(network.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(network.get("project_id").stringValue()).isEqualTo(network.get("tenant_id").stringValue());
        assertThat(network.get("revision_number").longValue()).isEqualTo(1);
        assertThat(network.get("subnets")).isEmpty();
        String id = network.get("id").stringValue();

        ApiClient.Response updated = admin.put("/networks/" + id, Map.of("network", Map.of("name", "renamed")));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().at("/network/name").stringValue()).isEqualTo("renamed");
        assertThat(updated.json().at("/network/revision_number").longValue()).isEqualTo(2);
        ApiClient.Response fields = admin.get("/networks/" + id + "?fields=id&fields=name");
        assertThat(fields.json().get("network").propertyNames()).containsExactlyInAnyOrder("id", "name");

        assertFault(admin.put("/networks/" + id, Map.of("network", Map.of("provider:segmentation_id", 5))), 400,
                "InvalidInput");
        assertFault(admin.post("/networks", Map.of("network", Map.of("bogus", 1))), 400, "HTTPBadRequest");
        assertThat(admin.delete("/networks/" + id).status()).isEqualTo(204);
        assertFault(admin.get("/networks/" + id), 404, "NetworkNotFound");
    }

    @Test
    void bulkCreatesAreAllOrNothing() {
        NeutronClient member = member("bulk");
        String prefix = unique("bulk");
        ApiClient.Response networks = member.post("/networks", Map.of("networks", List.of(
                Map.of("name", prefix + "-a"), Map.of("name", prefix + "-b"))));
        assertThat(networks.status()).as(networks.text()).isEqualTo(201);
        assertThat(networks.json().get("networks")).hasSize(2);
        String a = networks.json().at("/networks/0/id").stringValue();
        String b = networks.json().at("/networks/1/id").stringValue();
        ApiClient.Response subnets = member.post("/subnets", Map.of("subnets", List.of(
                Map.of("network_id", a, "cidr", "10.71.0.0/24", "ip_version", 4),
                Map.of("network_id", b, "cidr", "10.72.0.0/24", "ip_version", 4))));
        assertThat(subnets.status()).as(subnets.text()).isEqualTo(201);
        assertThat(subnets.json().at("/subnets/1/cidr").stringValue()).isEqualTo("10.72.0.0/24");
        ApiClient.Response ports = member.post("/ports", Map.of("ports", List.of(
                Map.of("network_id", a, "name", prefix + "-p1"), Map.of("network_id", b, "name", prefix + "-p2"))));
        assertThat(ports.status()).as(ports.text()).isEqualTo(201);
        assertThat(ports.json().at("/ports/1/fixed_ips/0/ip_address").stringValue()).startsWith("10.72.0.");

        assertFault(member.post("/networks", Map.of("networks", List.of(Map.of("name", prefix + "-c"),
                Map.of("name", prefix + "-d", "bogus", 1)))), 400, "HTTPBadRequest");
        assertFault(member.post("/ports", Map.of("ports", List.of(Map.of("network_id", a, "name", prefix + "-p3"),
                Map.of("network_id", "no-such-network")))), 404, "NetworkNotFound");
        assertThat(member.get("/networks?name=" + prefix + "-c").json().get("networks"))
                .as("nothing of a refused bulk create is left").isEmpty();
        assertThat(member.get("/ports?name=" + prefix + "-p3").json().get("ports")).isEmpty();
        assertFault(member.post("/networks", Map.of("networks", List.of())), 400, "HTTPBadRequest");

        ApiClient.Response router = member.post("/routers", Map.of("router", Map.of("name", prefix,
                "external_gateway_info", Map.of())));
        assertThat(router.status()).as("an empty gateway is no gateway, as in Neutron: " + router.text())
                .isEqualTo(201);
        assertThat(router.json().at("/router/external_gateway_info").isNull()).isTrue();
    }

    @Test
    void flatExternalNetworksAreAdminOnly() {
        NeutronClient member = member("flat");
        assertFault(member.post("/networks", Map.of("network", Map.of("name", "x", "provider:network_type", "flat",
                "provider:physical_network", "public"))), 403, "PolicyNotAuthorized");
        assertFault(member.post("/networks", Map.of("network", Map.of("name", "x", "router:external", true))), 403,
                "PolicyNotAuthorized");
        JsonNode own = member.network(unique("own"));
        assertThat(own.has("provider:network_type")).isFalse();
        assertThat(own.get("mtu").intValue()).isEqualTo(1450);
        assertFault(admin.post("/networks", Map.of("network", Map.of("provider:network_type", "flat"))), 400,
                "InvalidInput");

        String externalId = admin.create("networks", "network", Map.of("name", unique("ext"), "router:external", true))
                .get("id").stringValue();
        String subnetId = admin.subnet(externalId, "198.18.7.0/24").get("id").stringValue();
        assertThat(member.get("/networks/" + externalId).status()).isEqualTo(200);
        assertFault(member.get("/subnets/" + subnetId), 404, "SubnetNotFound");
        assertThat(member.get("/subnets").text()).as("an external network's subnets are not shared")
                .doesNotContain(subnetId);
        String floatingIp = admin.create("floatingips", "floatingip", Map.of("floating_network_id", externalId))
                .get("id").stringValue();
        assertThat(admin.delete("/networks/" + externalId).status())
                .as("an external network goes with its unassociated floating IPs").isEqualTo(204);
        assertFault(admin.get("/floatingips/" + floatingIp), 404, "FloatingIPNotFound");
    }

    @Test
    void subnetsGetGatewayPoolsAndRefuseOverlaps() {
        String networkId = admin.network(unique("sub")).get("id").stringValue();
        JsonNode subnet = admin.subnet(networkId, "10.20.0.0/24");
        assertThat(subnet.get("gateway_ip").stringValue()).isEqualTo("10.20.0.1");
        assertThat(subnet.get("allocation_pools").toString())
                .isEqualTo("[{\"start\":\"10.20.0.2\",\"end\":\"10.20.0.254\"}]");
        assertThat(subnet.get("enable_dhcp").booleanValue()).isTrue();
        assertThat(subnet.get("ip_version").intValue()).isEqualTo(4);
        assertFault(admin.post("/subnets", Map.of("subnet", Map.of("network_id", networkId, "cidr", "10.20.0.128/25",
                "ip_version", 4))), 400, "InvalidInput");
        assertFault(admin.post("/subnets", Map.of("subnet", Map.of("network_id", networkId, "cidr", "fd00::/64",
                "ip_version", 6))), 400, "InvalidInput");
        Map<String, Object> noGateway = new HashMap<>(Map.of("network_id", networkId, "cidr",
                "10.21.0.0/24", "dns_nameservers", List.of("192.0.2.53"),
                "host_routes", List.of(Map.of("destination", "192.168.0.0/16", "nexthop", "10.21.0.9"))));
        noGateway.put("gateway_ip", null);
        JsonNode second = admin.create("subnets", "subnet", noGateway);
        assertThat(second.get("gateway_ip").isNull()).isTrue();
        assertThat(second.get("allocation_pools").toString())
                .isEqualTo("[{\"start\":\"10.21.0.1\",\"end\":\"10.21.0.254\"}]");
        assertThat(second.get("dns_nameservers").toString()).isEqualTo("[\"192.0.2.53\"]");
        assertThat(admin.get("/networks/" + networkId).json().at("/network/subnets")).hasSize(2);

        JsonNode port = admin.create("ports", "port", Map.of("network_id", networkId,
                "fixed_ips", List.of(Map.of("subnet_id", subnet.get("id").stringValue()))));
        assertThat(port.at("/fixed_ips/0/ip_address").stringValue()).isEqualTo("10.20.0.2");
        String subnetId = subnet.get("id").stringValue();
        assertFault(admin.delete("/subnets/" + subnetId), 409, "SubnetInUse");
        assertFault(admin.delete("/networks/" + networkId), 409, "NetworkInUse");
        assertThat(admin.delete("/ports/" + port.get("id").stringValue()).status()).isEqualTo(204);
        assertThat(admin.delete("/subnets/" + subnetId).status()).isEqualTo(204);
        assertThat(admin.delete("/networks/" + networkId).status()).isEqualTo(204);
    }

    @Test
    void portsGetMacAddressesAndDefaultSecurityGroup() {
        NeutronClient member = member("ports");
        String networkId = member.network(unique("pnet")).get("id").stringValue();
        member.subnet(networkId, "10.30.0.0/24");
        JsonNode port = member.port(networkId);
        assertThat(port.get("mac_address").stringValue()).matches("fa:16:3e(:[0-9a-f]{2}){3}");
        assertThat(port.get("status").stringValue()).isEqualTo("DOWN");
        assertThat(port.get("binding:vif_type").stringValue()).isEqualTo("unbound");
        assertThat(port.has("binding:host_id")).isFalse();
        assertThat(port.get("security_groups")).hasSize(1);
        String groupId = port.at("/security_groups/0").stringValue();
        JsonNode group = member.get("/security-groups/" + groupId).json().get("security_group");
        assertThat(group.get("name").stringValue()).isEqualTo("default");
        assertThat(group.get("security_group_rules")).hasSize(4);
        assertThat(group.get("security_group_rules").toString()).contains("\"remote_group_id\":\"" + groupId + "\"");

        String address = port.at("/fixed_ips/0/ip_address").stringValue();
        ApiClient.Response filtered = member.get("/ports?fixed_ips=ip_address%3D" + address);
        assertThat(filtered.json().get("ports")).hasSize(1);
        ApiClient.Response taken = member.post("/ports", Map.of("port", Map.of("network_id", networkId,
                "fixed_ips", List.of(Map.of("ip_address", address)))));
        assertFault(taken, 409, "IpAddressAlreadyAllocated");
        JsonNode chosenMac = member.create("ports", "port", Map.of("network_id", networkId,
                "mac_address", "fa:16:3e:12:34:56"));
        assertThat(chosenMac.get("mac_address").stringValue()).as("the network's owner chooses a MAC, as in Neutron")
                .isEqualTo("fa:16:3e:12:34:56");
        String sharedId = admin.create("networks", "network", Map.of("name", unique("shared"), "shared", true))
                .get("id").stringValue();
        admin.subnet(sharedId, "10.31.0.0/24");
        assertFault(member.post("/ports", Map.of("port", Map.of("network_id", sharedId,
                "mac_address", "fa:16:3e:12:34:57"))), 403, "PolicyNotAuthorized");
        assertFault(member.delete("/security-groups/" + groupId), 409, "SecurityGroupCannotRemoveDefault");
        JsonNode own = member.create("security-groups", "security_group", Map.of("name", unique("web")));
        String ownId = own.get("id").stringValue();
        ApiClient.Response updated = member.put("/ports/" + port.get("id").stringValue(),
                Map.of("port", Map.of("security_groups", List.of(ownId), "allowed_address_pairs",
                        List.of(Map.of("ip_address", "10.30.0.0/24")))));
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().at("/port/allowed_address_pairs/0/mac_address").stringValue())
                .isEqualTo(port.get("mac_address").stringValue());
        assertFault(member.delete("/security-groups/" + ownId), 409, "SecurityGroupInUse");
    }

    @Test
    void portAddressesChangeAndReturnToThePool() {
        String networkId = admin.network(unique("readdr")).get("id").stringValue();
        String subnetId = admin.subnet(networkId, "10.31.0.0/24").get("id").stringValue();
        JsonNode port = admin.port(networkId);
        String portId = port.get("id").stringValue();
        String original = port.at("/fixed_ips/0/ip_address").stringValue();
        ApiClient.Response moved = admin.put("/ports/" + portId, Map.of("port", Map.of("fixed_ips",
                List.of(Map.of("subnet_id", subnetId, "ip_address", "10.31.0.77")))));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(moved.json().at("/port/fixed_ips/0/ip_address").stringValue()).isEqualTo("10.31.0.77");
        assertThat(moved.json().at("/port/revision_number").longValue()).isEqualTo(2);
        JsonNode next = admin.port(networkId);
        assertThat(next.at("/fixed_ips/0/ip_address").stringValue()).isEqualTo(original);
        assertFault(admin.put("/ports/" + next.get("id").stringValue(), Map.of("port", Map.of("fixed_ips",
                List.of(Map.of("ip_address", "10.31.0.77"))))), 409, "IpAddressAlreadyAllocated");
        assertFault(admin.put("/ports/" + portId, Map.of("port", Map.of("fixed_ips",
                List.of(Map.of("ip_address", "10.32.0.5"))))), 400, "HTTPBadRequest");

        ApiClient.Response pools = admin.put("/subnets/" + subnetId, Map.of("subnet", Map.of("enable_dhcp", false,
                "allocation_pools", List.of(Map.of("start", "10.31.0.100", "end", "10.31.0.110")))));
        assertThat(pools.status()).as(pools.text()).isEqualTo(200);
        assertThat(pools.json().at("/subnet/enable_dhcp").booleanValue()).isFalse();
        assertThat(admin.port(networkId).at("/fixed_ips/0/ip_address").stringValue()).isEqualTo("10.31.0.100");
        assertFault(admin.put("/subnets/" + subnetId, Map.of("subnet", Map.of("allocation_pools",
                List.of(Map.of("start", "10.31.0.1", "end", "10.31.0.5"))))), 409,
                "GatewayConflictWithAllocationPools");
    }

    @Test
    void securityGroupRulesRefuseDuplicates() {
        NeutronClient member = member("rules");
        String groupId = member.create("security-groups", "security_group", Map.of("name", unique("sg")))
                .get("id").stringValue();
        Map<String, Object> rule = Map.of("security_group_id", groupId, "direction", "ingress", "protocol", "tcp",
                "port_range_min", 22, "port_range_max", 22, "remote_ip_prefix", "0.0.0.0/0");
        JsonNode created = member.create("security-group-rules", "security_group_rule", rule);
        assertThat(created.get("ethertype").stringValue()).isEqualTo("IPv4");
        Map<String, Object> byNumber = new HashMap<>(rule);
        byNumber.put("protocol", "6");
        assertFault(member.post("/security-group-rules", Map.of("security_group_rule", byNumber)), 409,
                "SecurityGroupRuleExists");
        assertFault(member.post("/security-group-rules", Map.of("security_group_rule", Map.of("security_group_id",
                groupId, "direction", "ingress", "protocol", "tcp", "port_range_min", 30, "port_range_max", 20))),
                400, "SecurityGroupInvalidPortRange");
        assertFault(member.post("/security-group-rules", Map.of("security_group_rule", Map.of("security_group_id",
                groupId, "direction", "ingress", "protocol", "bogus"))), 400, "SecurityGroupRuleInvalidProtocol");
        Object[][] wrongPorts = {{"tcp", -16, 80, "Invalid value for port -16"}, {"tcp", 80, 65536,
                "Invalid value for port 65536"}, {"tcp", null, 6, "port_range_min must be <= port_range_max"},
                {"icmp", 1, 256, "Invalid value for ICMP code"}, {"icmp", -1, 25, "Invalid value for port -1"},
                {"icmp", null, 6, "ICMP type (port-range-min) is missing"}, {"icmp", 300, 1,
                "Invalid value for ICMP type"}};
        for (Object[] wrong : wrongPorts) {
            Map<String, Object> body = new HashMap<>(Map.of("security_group_id", groupId, "direction", "ingress",
                    "protocol", wrong[0], "port_range_max", wrong[2]));
            if (wrong[1] != null) {
                body.put("port_range_min", wrong[1]);
            }
            ApiClient.Response refused = member.post("/security-group-rules", Map.of("security_group_rule", body));
            assertThat(refused.status()).as(refused.text()).isEqualTo(400);
            assertThat(refused.json().at("/NeutronError/message").stringValue()).as("Neutron's wording")
                    .contains((String) wrong[3]);
        }
        assertFault(member.put("/security-groups/" + groupId, Map.of("security_group", Map.of("name", "default"))),
                409, "SecurityGroupDefaultAlreadyExists");
        JsonNode remote = member.create("security-group-rules", "security_group_rule", Map.of("security_group_id",
                groupId, "direction", "ingress", "protocol", "icmp", "remote_group_id", groupId));
        assertThat(remote.get("remote_group_id").stringValue()).isEqualTo(groupId);
        assertThat(member.delete("/security-group-rules/" + created.get("id").stringValue()).status())
                .isEqualTo(204);
        assertThat(member.get("/security-groups/" + groupId).json().at("/security_group/security_group_rules"))
                .hasSize(3);
    }

    @Test
    void tenantsAreIsolated() {
        NeutronClient alice = member("alice");
        NeutronClient bob = member("bob");
        String privateId = alice.network(unique("private")).get("id").stringValue();
        alice.subnet(privateId, "10.40.0.0/24");
        String portId = alice.port(privateId).get("id").stringValue();
        assertFault(bob.get("/networks/" + privateId), 404, "NetworkNotFound");
        assertFault(bob.get("/ports/" + portId), 404, "PortNotFound");
        assertFault(bob.delete("/networks/" + privateId), 404, "NetworkNotFound");
        assertFault(bob.post("/ports", Map.of("port", Map.of("network_id", privateId))), 404, "NetworkNotFound");
        assertThat(bob.get("/networks").json().toString()).doesNotContain(privateId);
        assertThat(bob.get("/ports").json().toString()).doesNotContain(portId);

        JsonNode shared = admin.create("networks", "network", Map.of("name", unique("shared"), "shared", true));
        String sharedId = shared.get("id").stringValue();
        admin.subnet(sharedId, "10.41.0.0/24");
        assertThat(bob.get("/networks/" + sharedId).status()).isEqualTo(200);
        assertThat(bob.get("/networks?shared=true").json().toString()).contains(sharedId);
        JsonNode bobPort = bob.port(sharedId);
        assertThat(bobPort.get("project_id").stringValue()).isNotEqualTo(shared.get("project_id").stringValue());
        assertFault(bob.put("/networks/" + sharedId, Map.of("network", Map.of("name", "mine"))), 403,
                "PolicyNotAuthorized");
        assertThat(admin.get("/ports/" + portId).status()).isEqualTo(200);
    }

    @Test
    void listsFilterSortAndPage() {
        NeutronClient member = member("lists");
        String project = null;
        for (String name : List.of("b-net", "a-net", "c-net")) {
            project = member.network(name).get("project_id").stringValue();
        }
        String own = "project_id=" + project;
        JsonNode sorted = member.get("/networks?" + own + "&sort_key=name&sort_dir=desc").json().get("networks");
        List<String> names = new ArrayList<>();
        sorted.forEach(n -> names.add(n.get("name").stringValue()));
        assertThat(names).containsExactly("c-net", "b-net", "a-net");
        assertThat(member.get("/networks?name=a-net").json().get("networks")).hasSize(1);

        JsonNode page = member.get("/networks?" + own + "&sort_key=name&limit=2").json();
        assertThat(page.get("networks")).hasSize(2);
        String next = page.at("/networks_links/0/href").stringValue();
        assertThat(page.at("/networks_links/0/rel").stringValue()).isEqualTo("next");
        JsonNode rest = member.get(next.substring(next.indexOf("/networks"))).json();
        assertThat(rest.get("networks")).hasSize(1);
        assertThat(rest.at("/networks/0/name").stringValue()).isEqualTo("c-net");
        assertThat(rest.at("/networks_links/0/rel").stringValue()).isEqualTo("previous");
    }

    @Test
    void badSortKeysAndPagingParametersAreRefused() {
        NeutronClient member = member("bad-lists");
        String network = member.network("listed").get("id").stringValue();
        for (String query : List.of("/networks?sort_key=bogus&sort_dir=asc", "/security-groups?sort_key=bogus",
                "/networks?sort_key=name&sort_key=nope&sort_dir=asc&sort_dir=desc")) {
            ApiClient.Response refused = member.get(query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().at("/NeutronError/type").stringValue()).as(query).isEqualTo("HTTPBadRequest");
            assertThat(refused.json().at("/NeutronError/message").stringValue()).as(query)
                    .endsWith("is invalid attribute for sort_keys");
        }
        for (String query : List.of("/networks?limit=abc", "/networks?limit=-1", "/security-groups?limit=x",
                "/networks?marker=no-such-network", "/security-groups?marker=" + network)) {
            ApiClient.Response refused = member.get(query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().at("/NeutronError/message").stringValue()).as(query).isNotBlank();
        }
        assertThat(member.get("/networks?sort_key=name&sort_dir=asc&limit=1").status()).isEqualTo(200);
    }

    @Test
    void tagsAreSetAndFiltered() {
        NeutronClient member = member("tags");
        JsonNode redNetwork = member.network(unique("red"));
        String red = redNetwork.get("id").stringValue();
        String own = "&project_id=" + redNetwork.get("project_id").stringValue();
        String blue = member.network(unique("blue")).get("id").stringValue();
        assertThat(member.put("/networks/" + red + "/tags/red", null).status()).isEqualTo(201);
        assertThat(member.put("/networks/" + red + "/tags/hot", null).status()).isEqualTo(201);
        ApiClient.Response replaced = member.put("/networks/" + blue + "/tags", Map.of("tags", List.of("blue", "hot")));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("tags").toString()).isEqualTo("[\"blue\",\"hot\"]");
        assertThat(ids(member.get("/networks?tags=red,hot" + own))).containsExactly(red);
        assertThat(ids(member.get("/networks?tags-any=red,blue" + own))).containsExactlyInAnyOrder(red, blue);
        assertThat(ids(member.get("/networks?not-tags=red" + own))).containsExactly(blue);
        assertThat(member.delete("/networks/" + red + "/tags/red").status()).isEqualTo(204);
        assertFault(member.delete("/networks/" + red + "/tags/red"), 404, "TagNotFound");
        JsonNode shown = member.get("/networks/" + red).json().get("network");
        assertThat(shown.get("tags").toString()).isEqualTo("[\"hot\"]");
        assertThat(shown.get("revision_number").longValue()).isEqualTo(4);
    }

    @Test
    void quotasAreEnforcedAndShown() {
        NeutronClient member = member("quota");
        String project = projectOf(member);
        ApiClient.Response set = admin.put("/quotas/" + project, Map.of("quota", Map.of("network", 2)));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json().at("/quota/network").intValue()).isEqualTo(2);
        member.network(unique("q1"));
        member.network(unique("q2"));
        assertFault(member.post("/networks", Map.of("network", Map.of("name", "q3"))), 409, "OverQuota");
        JsonNode details = member.get("/quotas/" + project + "/details.json").json().get("quota");
        assertThat(details.at("/network/used").intValue()).isEqualTo(2);
        assertThat(details.at("/network/limit").intValue()).isEqualTo(2);
        assertFault(member.put("/quotas/" + project, Map.of("quota", Map.of("network", 10))), 403,
                "PolicyNotAuthorized");
        assertThat(admin.get("/quotas").json().toString()).contains(project);
        assertThat(admin.delete("/quotas/" + project).status()).isEqualTo(204);
        assertThat(member.get("/quotas/" + project).json().at("/quota/network").intValue()).isEqualTo(100);
    }

    private static String projectOf(NeutronClient client) {
        return client.create("security-groups", "security_group", Map.of("name", unique("probe")))
                .get("project_id").stringValue();
    }

    private static List<String> ids(ApiClient.Response response) {
        List<String> ids = new ArrayList<>();
        response.json().get("networks").forEach(item -> ids.add(item.get("id").stringValue()));
        return ids;
    }
}
