package io.lightcloud.server.network;

import static io.lightcloud.server.network.NeutronClient.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.common.network.ServerNetworking.NicRequest;
import io.lightcloud.common.network.ServerNetworking.ServerPort;
import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The {@code is_default} network attribute and the auto-allocated topology that Nova's {@code --nic auto} uses. */
@Tag("database")
class AutoAllocatedTopologyTest extends ServerTestBase {
    @Autowired
    private ObjectProvider<ServerNetworking> networking;

    private ApiClient api;
    private NeutronClient admin;
    private String defaultNetwork;

    @BeforeEach
    void setUp() {
        api = api();
        admin = new NeutronClient(api, adminToken());
    }

    /** The default external network is global: later test classes on this server must not find one. */
    @AfterEach
    void clearDefault() {
        if (defaultNetwork != null) {
            ApiClient.Response cleared = admin.put("/networks/" + defaultNetwork,
                    Map.of("network", Map.of("is_default", false)));
            assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
        }
    }

    private Member member(String prefix) {
        IdentityFixture identity = new IdentityFixture(api, adminToken());
        String projectName = unique(prefix);
        String project = identity.project(projectName);
        String user = unique(prefix + "-user");
        identity.grant(project, identity.user(user, "pw"), "member");
        return new Member(project, new NeutronClient(api, api.token(user, "pw", projectName)));
    }

    private record Member(String projectId, NeutronClient client) {
    }

    private String createDefaultExternalNetwork() {
        JsonNode network = admin.create("networks", "network", Map.of("name", unique("public"),
                "router:external", true, "is_default", true, "provider:network_type", "flat",
                "provider:physical_network", unique("phys")));
        assertThat(network.get("is_default").booleanValue()).isTrue();
        defaultNetwork = network.get("id").stringValue();
        admin.create("subnets", "subnet", Map.of("network_id", defaultNetwork, "cidr", "198.51.100.0/24",
                "ip_version", 4, "enable_dhcp", false));
        return defaultNetwork;
    }

    @Test
    void isDefaultIsAnAdminAttributeOfExternalNetworksOnly() {
        Member member = member("isdefault");
        JsonNode plain = member.client().create("networks", "network", Map.of("name", unique("o4j"),
                "is_default", false, "shared", false, "router:external", false));
        assertThat(plain.get("is_default").booleanValue()).isFalse();
        assertFault(member.client().post("/networks", Map.of("network", Map.of("name", unique("n"),
                "is_default", true))), 403, "PolicyNotAuthorized");

        JsonNode internal = admin.create("networks", "network", Map.of("name", unique("n"), "is_default", true));
        assertThat(internal.get("is_default").booleanValue()).as("only an external network is a default").isFalse();

        String external = createDefaultExternalNetwork();
        assertThat(admin.get("/networks/" + external).json().at("/network/is_default").booleanValue()).isTrue();
        assertFault(admin.post("/networks", Map.of("network", Map.of("name", unique("second"),
                "router:external", true, "is_default", true, "provider:network_type", "flat",
                "provider:physical_network", unique("phys")))), 409, "DefaultExternalNetworkExists");
        JsonNode other = admin.create("networks", "network", Map.of("name", unique("other"), "router:external", true,
                "provider:network_type", "flat", "provider:physical_network", unique("phys")));
        assertFault(admin.put("/networks/" + other.get("id").stringValue(),
                Map.of("network", Map.of("is_default", true))), 409, "DefaultExternalNetworkExists");
        assertThat(admin.get("/networks?is_default=true").json().get("networks")).extracting(n -> n.get("id")
                .stringValue()).containsExactly(external);

        JsonNode extensions = admin.get("/extensions").json().get("extensions");
        assertThat(StreamSupport.stream(extensions.spliterator(), false).map(e -> e.get("alias").stringValue()))
                .contains("auto-allocated-topology");
    }

    @Test
    void topologyIsMadeOnceWithARouterToTheDefaultNetworkAndDeleted() {
        Member member = member("auto");
        String topologyPath = "/auto-allocated-topology/" + member.projectId();
        assertFault(member.client().get(topologyPath + "?fields=dry-run"), 409, "AutoAllocationFailure");
        assertFault(member.client().get(topologyPath), 409, "AutoAllocationFailure");
        assertThat(member.client().get("/networks?project_id=" + member.projectId()).json().get("networks"))
                .as("nothing half-made").isEmpty();

        String external = createDefaultExternalNetwork();
        ApiClient.Response dryRun = member.client().get(topologyPath + "?fields=dry-run");
        assertThat(dryRun.status()).as(dryRun.text()).isEqualTo(200);
        assertThat(dryRun.json().at("/auto_allocated_topology/id").stringValue()).isEqualTo("dry-run=pass");
        assertThat(member.client().get("/routers").json().get("routers")).as("a dry run makes nothing").isEmpty();
        assertFault(member.client().get(topologyPath + "?fields=name"), 400, "HTTPBadRequest");
        assertFault(member("intruder").client().get(topologyPath), 403, "PolicyNotAuthorized");

        ApiClient.Response made = member.client().get(topologyPath);
        assertThat(made.status()).as(made.text()).isEqualTo(200);
        JsonNode topology = made.json().get("auto_allocated_topology");
        String networkId = topology.get("id").stringValue();
        assertThat(topology.get("project_id").stringValue()).isEqualTo(member.projectId());
        assertThat(member.client().get(topologyPath).json().at("/auto_allocated_topology/id").stringValue())
                .as("the same topology from then on").isEqualTo(networkId);

        JsonNode network = member.client().get("/networks/" + networkId).json().get("network");
        assertThat(network.get("name").stringValue()).isEqualTo("auto_allocated_network");
        assertThat(network.get("project_id").stringValue()).isEqualTo(member.projectId());
        JsonNode subnet = member.client().get("/subnets?network_id=" + networkId).json().at("/subnets/0");
        assertThat(subnet.get("cidr").stringValue()).isEqualTo("10.0.0.0/24");
        JsonNode routers = member.client().get("/routers").json().get("routers");
        assertThat(routers).hasSize(1);
        JsonNode router = routers.get(0);
        assertThat(router.get("name").stringValue()).isEqualTo("auto_allocated_router");
        assertThat(router.at("/external_gateway_info/network_id").stringValue()).isEqualTo(external);
        String routerId = router.get("id").stringValue();
        assertThat(member.client().get("/ports?device_id=" + routerId + "&network_id=" + networkId).json()
                .get("ports")).hasSize(1);

        assertThat(member.client().delete(topologyPath).status()).isEqualTo(204);
        assertFault(member.client().get("/networks/" + networkId), 404, "NetworkNotFound");
        assertFault(member.client().get("/routers/" + routerId), 404, "RouterNotFound");
        assertThat(member.client().delete(topologyPath).status()).as("nothing left to delete").isEqualTo(204);
    }

    @Test
    void novaAutoUsesTheTopologyWhenTheProjectHasNoNetwork() {
        String project = UUID.randomUUID().toString().replace("-", "");
        AuthContext caller = new AuthContext("user-" + project, "user", "default", project, "p", "default", null,
                Set.of("member", "reader"), "audit", null, Instant.now().plusSeconds(3600));
        ServerNetworking spi = networking.getObject();
        assertThatThrownBy(() -> spi.validate(List.of(NicRequest.AUTO), caller))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));

        createDefaultExternalNetwork();
        spi.validate(List.of(NicRequest.AUTO), caller);
        assertThat(admin.get("/networks?project_id=" + project).json().get("networks")).as("validation makes nothing")
                .isEmpty();
        ServerPort port = spi.allocate(UUID.randomUUID().toString(), "nova", List.of(NicRequest.AUTO), List.of(),
                caller).get(0);
        JsonNode network = admin.get("/networks/" + port.networkId()).json().get("network");
        assertThat(network.get("name").stringValue()).isEqualTo("auto_allocated_network");
        assertThat(network.get("project_id").stringValue()).isEqualTo(project);
        assertThat(port.fixedIps().get(0).ipAddress()).startsWith("10.0.0.");
        ServerPort second = spi.allocate(UUID.randomUUID().toString(), "nova", List.of(NicRequest.AUTO), List.of(),
                caller).get(0);
        assertThat(second.networkId()).isEqualTo(port.networkId());
    }
}
