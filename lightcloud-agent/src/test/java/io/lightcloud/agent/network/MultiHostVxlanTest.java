package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.network.MetadataSource.MetadataAnswer;
import io.lightcloud.agent.network.NetworkDocument.Dhcp;
import io.lightcloud.agent.network.NetworkDocument.DhcpHost;
import io.lightcloud.agent.network.NetworkDocument.FdbEntry;
import io.lightcloud.agent.network.NetworkDocument.FixedIp;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Port;
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
 * Two "hosts" (namespaces joined by an underlay veth, each with its own agent data plane and tunnel address) carry a
 * VXLAN network: the VM on host B gets its lease from the DHCP server on host A and the VMs ping each other, with
 * ICMP allowed only from members of the security group (a remote group set).
 */
@Tag("network")
class MultiHostVxlanTest {
    private static final String TUNNEL_A = "192.0.2.11";
    private static final String TUNNEL_B = "192.0.2.12";
    private static final MetadataSource NO_METADATA = (network, address, path) ->
            new MetadataAnswer(404, "text/plain", new byte[0]);

    private LinuxNet net;
    private String hostA;
    private String hostB;
    private NetworkDataplane agentA;
    private NetworkDataplane agentB;

    private final String networkId = LinuxNet.uuid();
    private final String subnetId = LinuxNet.uuid();
    private final String groupId = LinuxNet.uuid();
    private final String portA = LinuxNet.uuid();
    private final String portB = LinuxNet.uuid();
    private final String macA = LinuxNet.mac();
    private final String macB = LinuxNet.mac();
    private final String dhcpPort = LinuxNet.uuid();
    private final String dhcpMac = LinuxNet.mac();

    @BeforeEach
    void setUp() throws Exception {
        LinuxNet.assumeUsable();
        net = new LinuxNet();
        hostA = net.namespace("hostA");
        hostB = net.namespace("hostB");
        net.ok("ip", "link", "add", "underlay", "netns", hostA, "type", "veth", "peer", "name", "underlay", "netns",
                hostB);
        net.ok("ip", "netns", "exec", hostA, "ip", "addr", "add", TUNNEL_A + "/24", "dev", "underlay");
        net.ok("ip", "netns", "exec", hostB, "ip", "addr", "add", TUNNEL_B + "/24", "dev", "underlay");
        net.ok("ip", "netns", "exec", hostA, "ip", "link", "set", "underlay", "up");
        net.ok("ip", "netns", "exec", hostB, "ip", "link", "set", "underlay", "up");
        agentA = new NetworkDataplane(new NetworkSettings(TUNNEL_A, Map.of(), net.dir.resolve("stateA"),
                net.prefix + "a-", hostA), new ProcessRunner(), NO_METADATA);
        agentB = new NetworkDataplane(new NetworkSettings(TUNNEL_B, Map.of(), net.dir.resolve("stateB"),
                net.prefix + "b-", hostB), new ProcessRunner(), NO_METADATA);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (net == null) {
            return;
        }
        try {
            assertThat(agentA.apply(NetworkDocument.empty())).isEmpty();
            assertThat(agentB.apply(NetworkDocument.empty())).isEmpty();
            for (String host : List.of(hostA, hostB)) {
                assertThat(net.agentLinks(host)).isEmpty();
                assertThat(net.nftTables(host)).doesNotContain("lightcloud");
            }
            assertThat(net.namespacesStartingWith(net.prefix + "a-")).isEmpty();
            assertThat(net.namespacesStartingWith(net.prefix + "b-")).isEmpty();
            assertThat(net.processesMentioning(net.dir.toString())).isEmpty();
        } finally {
            agentA.close();
            agentB.close();
            net.close();
        }
    }

    @Test
    void vmsOnTwoHostsShareAVxlanNetwork() throws Exception {
        String vmA = net.vm("vmA", hostA, portA, macA);
        String vmB = net.vm("vmB", hostB, portB, macB);
        assertThat(agentA.apply(documentA())).isEmpty();
        assertThat(agentB.apply(documentB(true))).isEmpty();

        String vxlanB = DeviceNames.vxlan(networkId);
        assertThat(net.ok("ip", "netns", "exec", hostB, "bridge", "fdb", "show", "dev", vxlanB).stdout())
                .contains("00:00:00:00:00:00 dst " + TUNNEL_A).contains(macA + " dst " + TUNNEL_A)
                .contains(dhcpMac + " dst " + TUNNEL_A);
        assertThat(net.ok("ip", "netns", "exec", hostB, "ip", "-d", "link", "show", vxlanB).stdout())
                .contains("vxlan id 2001").contains("local " + TUNNEL_B).contains("dstport 4789")
                .contains("nolearning");

        assertThat(net.dhcp(vmA)).contains("ip=10.1.0.5");
        assertThat(net.dhcp(vmB)).as("lease from host A's dnsmasq over VXLAN").contains("ip=10.1.0.6");
        assertThat(net.pingEventually(vmA, "10.1.0.6")).isTrue();
        assertThat(net.pingEventually(vmB, "10.1.0.5")).isTrue();

        assertThat(agentB.apply(documentB(false))).isEmpty();
        assertThat(net.ok("ip", "netns", "exec", hostB, "bridge", "fdb", "show", "dev", vxlanB).stdout())
                .as("stale FDB entry removed").doesNotContain(macA + " dst");
    }

    private NetworkDocument documentA() {
        Dhcp dhcp = new Dhcp(dhcpPort, dhcpMac, "10.1.0.2", subnetId,
                List.of(new DhcpHost(macA, "10.1.0.5", "vm-a"), new DhcpHost(macB, "10.1.0.6", "vm-b")));
        Network network = network(List.of(TUNNEL_B), List.of(new FdbEntry(macB, TUNNEL_B)), dhcp);
        return new NetworkDocument(7, List.of(network), List.of(port(portA, macA, "10.1.0.5")), groups(), List.of());
    }

    private NetworkDocument documentB(boolean withVmA) {
        List<FdbEntry> fdb = withVmA ? List.of(new FdbEntry(macA, TUNNEL_A), new FdbEntry(dhcpMac, TUNNEL_A))
                : List.of(new FdbEntry(dhcpMac, TUNNEL_A));
        Network network = network(List.of(TUNNEL_A), fdb, null);
        return new NetworkDocument(7, List.of(network), List.of(port(portB, macB, "10.1.0.6")), groups(), List.of());
    }

    private Network network(List<String> peers, List<FdbEntry> fdb, Dhcp dhcp) {
        Subnet subnet = new Subnet(subnetId, "10.1.0.0/24", "10.1.0.1", true, List.of("192.0.2.53"), List.of());
        return new Network(networkId, "vxlan", 2001, null, 1450, List.of(subnet), peers, fdb, dhcp);
    }

    private Port port(String id, String mac, String ip) {
        return new Port(id, networkId, mac, true, true, List.of(new FixedIp(subnetId, ip)), List.of(),
                List.of(groupId));
    }

    private List<SecurityGroup> groups() {
        return List.of(new SecurityGroup(groupId, List.of(
                new Rule(LinuxNet.uuid(), "ingress", "IPv4", "icmp", null, null, null, groupId),
                new Rule(LinuxNet.uuid(), "egress", "IPv4", null, null, null, null, null)),
                List.of("10.1.0.5", "10.1.0.6")));
    }
}
