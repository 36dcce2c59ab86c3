package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.network.MetadataSource.MetadataAnswer;
import io.lightcloud.agent.network.NetworkDocument.AddressPair;
import io.lightcloud.agent.network.NetworkDocument.Dhcp;
import io.lightcloud.agent.network.NetworkDocument.DhcpHost;
import io.lightcloud.agent.network.NetworkDocument.FixedIp;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Port;
import io.lightcloud.agent.network.NetworkDocument.Rule;
import io.lightcloud.agent.network.NetworkDocument.SecurityGroup;
import io.lightcloud.agent.network.NetworkDocument.Subnet;
import io.lightcloud.agent.process.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One host (a namespace of its own) with one VXLAN network served by DHCP and two VMs (namespaces behind veths named
 * like their taps): real DHCP leases, real pings, security groups, anti-spoofing, the metadata relay (answered by a
 * fake {@link MetadataSource} standing in for the controller), and clean-up by an empty document.
 */
@Tag("network")
class SingleHostDataplaneTest {
    private LinuxNet net;
    private NetworkDataplane dataplane;
    private String host;
    private final List<String> metadataRequests = new CopyOnWriteArrayList<>();

    private final String networkId = LinuxNet.uuid();
    private final String subnetId = LinuxNet.uuid();
    private final String dhcpPortId = LinuxNet.uuid();
    private final String port1 = LinuxNet.uuid();
    private final String port2 = LinuxNet.uuid();
    private final String mac1 = LinuxNet.mac();
    private final String mac2 = LinuxNet.mac();
    private final String groupId = LinuxNet.uuid();
    private final String dhcpMac = LinuxNet.mac();

    @BeforeEach
    void setUp() throws Exception {
        LinuxNet.assumeUsable();
        net = new LinuxNet();
        host = net.namespace("host");
        MetadataSource fakeController = (network, address, path) -> {
            metadataRequests.add(network + " " + address + " " + path);
            return path.equals("openstack/latest/meta_data.json")
                    ? new MetadataAnswer(200, "application/json",
                            ("{\"uuid\": \"vm-at-" + address + "\"}").getBytes(StandardCharsets.UTF_8))
                    : new MetadataAnswer(404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
        };
        dataplane = new NetworkDataplane(new NetworkSettings("192.0.2.11", Map.of(), net.dir.resolve("state"),
                net.prefix + "a-", host), new ProcessRunner(), fakeController);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dataplane != null) {
            try {
                assertThat(dataplane.apply(NetworkDocument.empty())).isEmpty();
                assertNothingLeft();
            } finally {
                dataplane.close();
                net.close();
            }
        }
    }

    @Test
    void vmsGetLeasesReachEachOtherAndTheMetadataService() throws Exception {
        List<Rule> rules = List.of(ingress("icmp", null), egressAll());
        String vm1 = net.vm("vm1", host, port1, mac1);
        String vm2 = net.vm("vm2", host, port2, mac2);
        assertThat(dataplane.apply(document(rules))).isEmpty();
        assertThat(dataplane.apply(document(rules))).as("applied again, nothing changes").isEmpty();

        String lease = net.dhcp(vm1);
        assertThat(lease).contains("ip=10.0.0.5").contains("mtu=1450").contains("router=10.0.0.1")
                .contains("staticroutes=169.254.169.254/32 10.0.0.2 0.0.0.0/0 10.0.0.1");
        assertThat(net.dhcp(vm2)).contains("ip=10.0.0.6");

        assertThat(net.pingEventually(vm1, "10.0.0.6")).isTrue();
        assertThat(net.pingEventually(vm2, "10.0.0.5")).isTrue();

        String answer = net.ok("ip", "netns", "exec", vm1, "curl", "-sS", "--fail", "-m", "5",
                "http://169.254.169.254/openstack/latest/meta_data.json").stdout();
        assertThat(answer).isEqualTo("{\"uuid\": \"vm-at-10.0.0.5\"}");
        assertThat(metadataRequests).containsExactly(networkId + " 10.0.0.5 openstack/latest/meta_data.json");
        assertThat(net.run("ip", "netns", "exec", vm1, "curl", "-sS", "--fail", "-m", "5",
                "http://169.254.169.254/nothing-here").exitCode()).as("a 404 from the source").isNotZero();
    }

    @Test
    void aRestartedAgentConvergesWithoutRestartingDnsmasqAndReloadsNewHosts() throws Exception {
        List<Rule> rules = List.of(ingress("icmp", null), egressAll());
        String vm1 = net.vm("vm1", host, port1, mac1);
        String vm2 = net.vm("vm2", host, port2, mac2);
        assertThat(dataplane.apply(document(rules))).isEmpty();
        assertThat(net.dhcp(vm1)).contains("ip=10.0.0.5");
        List<Long> dnsmasq = net.processesMentioning("--pid-file=" + net.dir.resolve("state"));
        assertThat(dnsmasq).hasSize(1);

        dataplane.close();
        dataplane = new NetworkDataplane(new NetworkSettings("192.0.2.11", Map.of(), net.dir.resolve("state"),
                net.prefix + "a-", host), new ProcessRunner(), (network, address, path) ->
                        new MetadataAnswer(200, "text/plain", ("after restart " + address).getBytes(
                                StandardCharsets.UTF_8)));
        String port3 = LinuxNet.uuid();
        String mac3 = LinuxNet.mac();
        String vm3 = net.vm("vm3", host, port3, mac3);
        NetworkDocument before = document(rules);
        Network network = before.networks().get(0);
        List<DhcpHost> hosts = new ArrayList<>(network.dhcp().hosts());
        hosts.add(new DhcpHost(mac3, "10.0.0.7", "vm-3"));
        Network grown = new Network(network.id(), "vxlan", 1001, null, 1450, network.subnets(), List.of(),
                List.of(), new Dhcp(dhcpPortId, dhcpMac, "10.0.0.2", subnetId, hosts));
        List<Port> ports = new ArrayList<>(before.ports());
        ports.add(port(port3, mac3, "10.0.0.7", true));
        assertThat(dataplane.apply(new NetworkDocument(2, List.of(grown), ports, before.securityGroups(),
                List.of()))).isEmpty();

        assertThat(net.processesMentioning("--pid-file=" + net.dir.resolve("state"))).isEqualTo(dnsmasq);
        assertThat(net.dhcp(vm3)).as("new host entry reloaded by SIGHUP").contains("ip=10.0.0.7");
        assertThat(net.dhcp(vm2)).contains("ip=10.0.0.6");
        assertThat(net.pingEventually(vm3, "10.0.0.5")).isTrue();
        assertThat(net.ok("ip", "netns", "exec", vm3, "curl", "-sS", "--fail", "-m", "5",
                "http://169.254.169.254/latest/meta-data/instance-id").stdout())
                .as("the relay reaches the new agent's socket").isEqualTo("after restart 10.0.0.7");
    }

    @Test
    void securityGroupChangesOpenAndCloseTcp() throws Exception {
        String vm1 = net.vm("vm1", host, port1, mac1);
        String vm2 = net.vm("vm2", host, port2, mac2);
        assertThat(dataplane.apply(document(List.of(egressAll())))).isEmpty();
        assertThat(dataplane.apply(document(List.of(egressAll())))).as("applied again, nothing changes").isEmpty();
        staticAddress(vm1, "10.0.0.5");
        staticAddress(vm2, "10.0.0.6");
        net.echoPeerServer(vm2, 8080);

        assertThat(net.connect(vm1, "10.0.0.6", 8080)).as("no ingress rule: default drop").isNull();

        assertThat(dataplane.apply(document(List.of(egressAll(), ingress("tcp", 8080))))).isEmpty();
        assertThat(net.connect(vm1, "10.0.0.6", 8080)).isEqualTo("peer=10.0.0.5");

        assertThat(dataplane.apply(document(List.of(egressAll(), ingress("tcp", 9090))))).isEmpty();
        assertThat(net.connect(vm1, "10.0.0.6", 8080)).as("rule changed to another port").isNull();

        assertThat(dataplane.apply(document(List.of(ingress("tcp", 8080))))).isEmpty();
        assertThat(net.connect(vm1, "10.0.0.6", 8080)).as("no egress rule on the client: its SYN is dropped")
                .isNull();
    }

    @Test
    void antiSpoofingDropsForgedSourcesUnlessPortSecurityIsOff() throws Exception {
        List<Rule> rules = List.of(ingress("icmp", null), egressAll());
        String vm1 = net.vm("vm1", host, port1, mac1);
        String vm2 = net.vm("vm2", host, port2, mac2);
        assertThat(dataplane.apply(document(rules))).isEmpty();
        assertThat(dataplane.apply(document(rules))).as("applied again, nothing changes").isEmpty();
        staticAddress(vm1, "10.0.0.5");
        staticAddress(vm2, "10.0.0.6");
        // Static neighbours, so that only the IP source address differs between the two pings below.
        net.ok("ip", "netns", "exec", vm1, "ip", "neigh", "replace", "10.0.0.6", "lladdr", mac2, "dev", "eth0");
        net.ok("ip", "netns", "exec", vm2, "ip", "neigh", "replace", "10.0.0.99", "lladdr", mac1, "dev", "eth0");
        net.ok("ip", "netns", "exec", vm2, "ip", "neigh", "replace", "10.0.0.5", "lladdr", mac1, "dev", "eth0");
        net.ok("ip", "netns", "exec", vm1, "ip", "addr", "add", "10.0.0.99/24", "dev", "eth0");
        assertThat(net.pingEventually(vm1, "10.0.0.6")).isTrue();

        assertThat(net.run("ip", "netns", "exec", vm1, "busybox", "ping", "-c", "2", "-W", "2", "-I", "10.0.0.99",
                "10.0.0.6").exitCode()).as("forged source address").isNotZero();

        net.ok("ip", "netns", "exec", vm1, "ip", "link", "set", "eth0", "address", "fa:16:3e:ee:ee:ee");
        assertThat(net.ping(vm1, "10.0.0.6")).as("forged MAC address").isFalse();
        net.ok("ip", "netns", "exec", vm1, "ip", "link", "set", "eth0", "address", mac1);
        assertThat(net.pingEventually(vm1, "10.0.0.6")).isTrue();

        assertThat(dataplane.apply(document(rules, false))).isEmpty();
        assertThat(net.run("ip", "netns", "exec", vm1, "busybox", "ping", "-c", "2", "-W", "2", "-I", "10.0.0.99",
                "10.0.0.6").exitCode()).as("port security off on both ports").isZero();
    }

    @Test
    void ensurePortDeviceCreatesATapAndPlugsItOnceTheNetworkIsKnown() {
        MutableClock clock = new MutableClock();
        dataplane.close();
        dataplane = new NetworkDataplane(new NetworkSettings("192.0.2.11", Map.of(), net.dir.resolve("state"),
                net.prefix + "a-", host), new ProcessRunner(), (n, a, p) -> new MetadataAnswer(404, "text/plain",
                        new byte[0]), clock);
        String port3 = LinuxNet.uuid();
        dataplane.ensurePortDevice(port3);
        String tap = DeviceNames.tap(port3);
        assertThat(net.ok("ip", "netns", "exec", host, "ip", "-d", "link", "show", tap).stdout()).contains("tun");

        assertThat(dataplane.apply(document(List.of(egressAll())))).isEmpty();
        assertThat(net.agentLinks(host)).as("the document naming the new port may still be on its way")
                .contains(tap);
        clock.advance(NetworkDataplane.PENDING_TAP_GRACE.plusSeconds(1));
        assertThat(dataplane.apply(document(List.of(egressAll())))).isEmpty();
        assertThat(net.agentLinks(host)).as("a tap no port of the document names is removed").doesNotContain(tap);

        dataplane.ensurePortDevice(port1);
        dataplane.ensurePortDevice(port1);
        assertThat(net.ok("ip", "netns", "exec", host, "ip", "link", "show", DeviceNames.tap(port1)).stdout())
                .contains("master " + DeviceNames.bridge(networkId)).contains("mtu 1450");
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aNetworkThatCannotBeWiredDoesNotStopTheOthers() {
        String flatNetwork = LinuxNet.uuid();
        String flatPort = LinuxNet.uuid();
        NetworkDocument base = document(List.of(egressAll()));
        Network unmapped = new Network(flatNetwork, "flat", null, "nowhere", 1500, List.of(), List.of(), List.of(),
                null);
        List<Network> networks = new ArrayList<>(base.networks());
        networks.add(0, unmapped);
        List<Port> ports = new ArrayList<>(base.ports());
        ports.add(0, new Port(flatPort, flatNetwork, LinuxNet.mac(), true, false, List.of(), List.of(), List.of()));

        List<String> failures = dataplane.apply(new NetworkDocument(2, networks, ports, base.securityGroups(),
                List.of()));

        assertThat(failures).hasSize(2).allMatch(f -> f.contains("no bridge mapping"));
        assertThat(failures.get(0)).startsWith("network " + flatNetwork);
        assertThat(failures.get(1)).startsWith("port " + flatPort);
        assertThat(net.ok("ip", "netns", "exec", host, "ip", "link", "show", DeviceNames.tap(port2)).stdout())
                .contains("master " + DeviceNames.bridge(networkId));
        assertThat(net.namespacesStartingWith(net.prefix + "a-lcdhcp-")).hasSize(1);
    }

    private void staticAddress(String vm, String address) {
        net.ok("ip", "netns", "exec", vm, "ip", "addr", "add", address + "/24", "dev", "eth0");
    }

    private void assertNothingLeft() {
        assertThat(net.agentLinks(host)).isEmpty();
        assertThat(net.namespacesStartingWith(net.prefix + "a-")).isEmpty();
        assertThat(net.nftTables(host)).doesNotContain("lightcloud");
        assertThat(net.processesMentioning(net.dir.resolve("state").toString())).isEmpty();
    }

    private NetworkDocument document(List<Rule> rules) {
        return document(rules, true);
    }

    private NetworkDocument document(List<Rule> rules, boolean portSecurity) {
        Subnet subnet = new Subnet(subnetId, "10.0.0.0/24", "10.0.0.1", true, List.of(), List.of());
        Dhcp dhcp = new Dhcp(dhcpPortId, dhcpMac, "10.0.0.2", subnetId,
                List.of(new DhcpHost(mac1, "10.0.0.5", "vm-1"), new DhcpHost(mac2, "10.0.0.6", "vm-2")));
        Network network = new Network(networkId, "vxlan", 1001, null, 1450, List.of(subnet), List.of(), List.of(),
                dhcp);
        return new NetworkDocument(1, List.of(network), List.of(port(port1, mac1, "10.0.0.5", portSecurity),
                port(port2, mac2, "10.0.0.6", portSecurity)),
                List.of(new SecurityGroup(groupId, rules, List.of("10.0.0.5", "10.0.0.6"))), List.of());
    }

    private Port port(String id, String mac, String ip, boolean portSecurity) {
        return new Port(id, networkId, mac, true, portSecurity, List.of(new FixedIp(subnetId, ip)),
                List.<AddressPair>of(), List.of(groupId));
    }

    private static Rule ingress(String protocol, Integer port) {
        return new Rule(LinuxNet.uuid(), "ingress", "IPv4", protocol, port, port, null, null);
    }

    private static Rule egressAll() {
        return new Rule(LinuxNet.uuid(), "egress", "IPv4", null, null, null, null, null);
    }
}
