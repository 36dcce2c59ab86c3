package io.lightcloud.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.common.network.ServerNetworking.NicRequest;
import io.lightcloud.common.network.ServerNetworking.ServerPort;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The SPI compute uses to give servers their NICs, as compute finds it: through an ObjectProvider. */
@Tag("database")
class ServerNetworkingTest extends ServerTestBase {
    @Autowired
    private ObjectProvider<ServerNetworking> provider;

    private ServerNetworking networking;
    private NeutronClient admin;
    private String project;
    private AuthContext member;

    @BeforeEach
    void setUp() {
        networking = provider.getObject();
        admin = new NeutronClient(api(), adminToken());
        project = UUID.randomUUID().toString().replace("-", "");
        member = new AuthContext("user-" + project, "user", "default", project, "p", "default", null,
                Set.of("member", "reader"), "audit", null, Instant.now().plusSeconds(3600));
    }

    private String projectNetwork(String cidr) {
        String id = admin.create("networks", "network", Map.of("name", unique("srv"), "project_id", project))
                .get("id").stringValue();
        admin.create("subnets", "subnet", Map.of("network_id", id, "cidr", cidr, "ip_version", 4,
                "project_id", project, "dns_nameservers", List.of("192.0.2.53")));
        return id;
    }

    @Test
    void requestedSecurityGroupsAreFoundByNameOrIdAndUnknownOnesRefused() {
        String networkId = projectNetwork("10.82.0.0/24");
        String web = admin.create("security-groups", "security_group", Map.of("name", "web", "project_id", project))
                .get("id").stringValue();
        admin.create("security-groups", "security_group", Map.of("name", "db", "project_id", project));

        ServerPort port = networking.allocate(UUID.randomUUID().toString(), "nova",
                List.of(new NicRequest(networkId, null, null, null)), List.of("db", web), member).get(0);
        assertThat(port.securityGroups()).containsExactly("db", "web");

        String server = UUID.randomUUID().toString();
        assertThatThrownBy(() -> networking.allocate(server, "nova", List.of(new NicRequest(networkId, null, null,
                null)), List.of("nope"), member)).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(400));
        assertThat(networking.ports(server)).as("nothing of a refused allocation remains").isEmpty();
    }

    @Test
    void autoAllocatesOnTheProjectsNetworkAndBindReleaseUndoIt() {
        String networkId = projectNetwork("10.80.0.0/24");
        String server = UUID.randomUUID().toString();

        List<ServerPort> allocated = networking.allocate(server, "nova", List.of(NicRequest.AUTO), List.of(), member);
        assertThat(allocated).hasSize(1);
        ServerPort port = allocated.get(0);
        assertThat(port.networkId()).isEqualTo(networkId);
        assertThat(port.createdForServer()).isTrue();
        assertThat(port.mtu()).isEqualTo(1450);
        assertThat(port.fixedIps().get(0).ipAddress()).isEqualTo("10.80.0.2");
        assertThat(port.fixedIps().get(0).gatewayIp()).isEqualTo("10.80.0.1");
        assertThat(port.fixedIps().get(0).dnsNameservers()).containsExactly("192.0.2.53");
        assertThat(port.tapDevice()).isEqualTo("tap" + port.portId().substring(0, 11));
        assertThat(port.securityGroups()).containsExactly("default");
        JsonNode shown = admin.get("/ports/" + port.portId()).json().get("port");
        assertThat(shown.get("device_owner").stringValue()).isEqualTo("compute:nova");
        assertThat(shown.get("device_id").stringValue()).isEqualTo(server);
        assertThat(shown.get("status").stringValue()).isEqualTo("DOWN");

        networking.bind(server, "host-a");
        shown = admin.get("/ports/" + port.portId()).json().get("port");
        assertThat(shown.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(shown.get("binding:host_id").stringValue()).isEqualTo("host-a");
        assertThat(admin.get("/ports?device_owner=network:dhcp&network_id=" + networkId).json().get("ports"))
                .hasSize(1);
        assertThat(networking.serverOf(networkId, "10.80.0.2")).contains(server);
        assertThat(networking.ports(List.of(server, "no-such-server"))).containsOnlyKeys(server);

        networking.release(server);
        networking.release(server);
        assertThat(admin.get("/ports/" + port.portId()).status()).isEqualTo(404);
        assertThat(networking.ports(server)).isEmpty();
        assertThat(networking.serverOf(networkId, "10.80.0.2")).isEmpty();
    }

    @Test
    void userPortsAreClaimedAndGivenBackAndAmbiguityIsRefused() {
        String networkId = projectNetwork("10.81.0.0/24");
        String userPort = admin.create("ports", "port", Map.of("network_id", networkId, "project_id", project))
                .get("id").stringValue();
        String server = UUID.randomUUID().toString();
        List<ServerPort> allocated = networking.allocate(server, "nova", List.of(
                new NicRequest(null, userPort, null, "nic1"), new NicRequest(networkId, null, "10.81.0.50", null)),
                List.of(), member);
        assertThat(allocated).extracting(ServerPort::portId).first().isEqualTo(userPort);
        assertThat(allocated.get(0).createdForServer()).isFalse();
        assertThat(allocated.get(0).tag()).isEqualTo("nic1");
        assertThat(allocated.get(1).fixedIps().get(0).ipAddress()).isEqualTo("10.81.0.50");
        assertThat(networking.ports(server)).extracting(ServerPort::portId)
                .containsExactly(userPort, allocated.get(1).portId());

        assertThatThrownBy(() -> networking.validate(List.of(new NicRequest(null, userPort, null, null)), member))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> networking.validate(List.of(new NicRequest(networkId, null, "10.81.0.50", null)),
                member)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> networking.detach(server, "not-attached"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

        ServerPort attached = networking.attach(server, "nova", new NicRequest(networkId, null, null, null), member);
        assertThat(networking.ports(server)).hasSize(3);
        networking.detach(server, attached.portId());
        assertThat(admin.get("/ports/" + attached.portId()).status()).isEqualTo(404);

        networking.release(server);
        ApiClient.Response kept = admin.get("/ports/" + userPort);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().at("/port/device_id").stringValue()).isEmpty();
        assertThat(kept.json().at("/port/device_owner").stringValue()).isEmpty();

        projectNetwork("10.82.0.0/24");
        assertThatThrownBy(() -> networking.allocate(UUID.randomUUID().toString(), "nova", List.of(NicRequest.AUTO),
                List.of(), member)).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("Multiple possible networks found");
                });
    }

    @Test
    void aFailedAllocationLeavesNoPortBehind() {
        String networkId = projectNetwork("10.83.0.0/24");
        String server = UUID.randomUUID().toString();
        NicRequest sameAddress = new NicRequest(networkId, null, "10.83.0.7", null);
        assertThatThrownBy(() -> networking.allocate(server, "nova", List.of(new NicRequest(networkId, null, null,
                null), sameAddress, sameAddress), List.of(), member))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(networking.ports(server)).isEmpty();
        assertThat(admin.get("/ports?network_id=" + networkId).json().get("ports")).isEmpty();
    }
}
