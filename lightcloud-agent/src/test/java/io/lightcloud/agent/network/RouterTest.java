package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.network.MetadataSource.MetadataAnswer;
import io.lightcloud.agent.network.NetworkDocument.FixedIp;
import io.lightcloud.agent.network.NetworkDocument.FloatingIp;
import io.lightcloud.agent.network.NetworkDocument.Gateway;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Port;
import io.lightcloud.agent.network.NetworkDocument.Route;
import io.lightcloud.agent.network.NetworkDocument.Router;
import io.lightcloud.agent.network.NetworkDocument.RouterInterface;
import io.lightcloud.agent.network.NetworkDocument.Rule;
import io.lightcloud.agent.network.NetworkDocument.SecurityGroup;
import io.lightcloud.agent.network.NetworkDocument.Subnet;
import io.lightcloud.agent.process.ProcessRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A router between a VXLAN tenant network and a flat external network whose bridge ({@code br-ex} of the host
 * namespace) also has an "outside" namespace on it: the floating IP is reachable from outside (DNAT), guests reach
 * the outside from their floating IP or, without one, from the gateway address (SNAT).
 */
@Tag("network")
class RouterTest {
    private LinuxNet net;
    private String host;
    private NetworkDataplane dataplane;

    private final String tenantNet = LinuxNet.uuid();
    private final String tenantSubnet = LinuxNet.uuid();
    private final String externalNet = LinuxNet.uuid();
    private final String externalSubnet = LinuxNet.uuid();
    private final String routerId = LinuxNet.uuid();
    private final String interfacePort = LinuxNet.uuid();
    private final String gatewayPort = LinuxNet.uuid();
    private final String groupId = LinuxNet.uuid();
    private final String port1 = LinuxNet.uuid();
    private final String port2 = LinuxNet.uuid();
    private final String mac1 = LinuxNet.mac();
    private final String mac2 = LinuxNet.mac();
    private final String interfaceMac = LinuxNet.mac();
    private final String gatewayMac = LinuxNet.mac();

    @BeforeEach
    void setUp() throws Exception {
        LinuxNet.assumeUsable();
        net = new LinuxNet();
        host = net.namespace("host");
        dataplane = new NetworkDataplane(new NetworkSettings("192.0.2.11", Map.of("public", "br-ex"),
                net.dir.resolve("state"), net.prefix + "a-", host), new ProcessRunner(),
                (network, address, path) -> new MetadataAnswer(404, "text/plain", new byte[0]));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (net == null) {
            return;
        }
        try {
            assertThat(dataplane.apply(NetworkDocument.empty())).isEmpty();
            assertThat(net.agentLinks(host)).isEmpty();
            assertThat(net.namespacesStartingWith(net.prefix + "a-")).isEmpty();
            assertThat(net.nftTables(host)).doesNotContain("lightcloud");
        } finally {
            dataplane.close();
            net.close();
        }
    }

    @Test
    void floatingIpIsReachableFromOutsideAndGuestsAreTranslatedOnTheWayOut() throws Exception {
        String vm1 = net.vm("vm1", host, port1, mac1);
        String vm2 = net.vm("vm2", host, port2, mac2);
        assertThat(dataplane.apply(document(true))).isEmpty();
        assertThat(dataplane.apply(document(true))).as("applied again").isEmpty();

        String outside = net.namespace("outside");
        net.ok("ip", "link", "add", "outside0", "netns", host, "type", "veth", "peer", "name", "eth0", "netns",
                outside);
        net.ok("ip", "netns", "exec", host, "ip", "link", "set", "outside0", "master", "br-ex", "up");
        net.ok("ip", "netns", "exec", outside, "ip", "addr", "add", "203.0.113.1/24", "dev", "eth0");
        net.ok("ip", "netns", "exec", outside, "ip", "link", "set", "eth0", "up");
        for (String[] vm : List.of(new String[] {vm1, "10.2.0.5"}, new String[] {vm2, "10.2.0.6"})) {
            net.ok("ip", "netns", "exec", vm[0], "ip", "addr", "add", vm[1] + "/24", "dev", "eth0");
            net.ok("ip", "netns", "exec", vm[0], "ip", "route", "add", "default", "via", "10.2.0.1");
        }
        net.echoPeerServer(vm1, 8080);
        net.echoPeerServer(outside, 8080);

        assertThat(net.pingEventually(outside, "203.0.113.20")).isTrue();
        assertThat(net.connect(outside, "203.0.113.20", 8080)).isEqualTo("peer=203.0.113.1");
        assertThat(net.connect(vm1, "203.0.113.1", 8080)).isEqualTo("peer=203.0.113.20");
        assertThat(net.connect(vm2, "203.0.113.1", 8080)).isEqualTo("peer=203.0.113.10");
        String routerNs = net.prefix + "a-lcrtr-" + routerId.substring(0, 8);
        assertThat(net.ok("ip", "netns", "exec", routerNs, "ip", "route", "show").stdout())
                .contains("default via 203.0.113.1").contains("192.168.50.0/24 via 10.2.0.9");

        assertThat(dataplane.apply(document(false))).isEmpty();
        assertThat(net.connect(outside, "203.0.113.20", 8080)).as("floating IP released").isNull();
        assertThat(net.connect(vm1, "203.0.113.1", 8080)).isEqualTo("peer=203.0.113.10");
    }

    private NetworkDocument document(boolean withFloatingIp) {
        Network tenant = new Network(tenantNet, "vxlan", 3001, null, 1450,
                List.of(new Subnet(tenantSubnet, "10.2.0.0/24", "10.2.0.1", true, List.of(), List.of())), List.of(),
                List.of(), null);
        Network external = new Network(externalNet, "flat", null, "public", 1500,
                List.of(new Subnet(externalSubnet, "203.0.113.0/24", "203.0.113.1", false, List.of(), List.of())),
                List.of(), List.of(), null);
        Router router = new Router(routerId, true, true,
                new Gateway(externalNet, "public", gatewayPort, gatewayMac, "203.0.113.10", "203.0.113.0/24",
                        "203.0.113.1"),
                List.of(new RouterInterface(interfacePort, tenantNet, tenantSubnet, interfaceMac, "10.2.0.1",
                        "10.2.0.0/24")),
                List.of(new Route("192.168.50.0/24", "10.2.0.9")),
                withFloatingIp ? List.of(new FloatingIp(LinuxNet.uuid(), "203.0.113.20", "10.2.0.5")) : List.of());
        SecurityGroup group = new SecurityGroup(groupId, List.of(
                new Rule(LinuxNet.uuid(), "ingress", "IPv4", "tcp", 8080, 8080, "0.0.0.0/0", null),
                new Rule(LinuxNet.uuid(), "ingress", "IPv4", "icmp", null, null, null, null),
                new Rule(LinuxNet.uuid(), "egress", "IPv4", null, null, null, null, null)),
                List.of("10.2.0.5", "10.2.0.6"));
        return new NetworkDocument(3, List.of(tenant, external),
                List.of(port(port1, mac1, "10.2.0.5"), port(port2, mac2, "10.2.0.6")), List.of(group),
                List.of(router));
    }

    private Port port(String id, String mac, String ip) {
        return new Port(id, tenantNet, mac, true, true, List.of(new FixedIp(tenantSubnet, ip)), List.of(),
                List.of(groupId));
    }
}
