package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.network.MetadataSource.MetadataAnswer;
import io.lightcloud.agent.network.NetworkDocument.FdbEntry;
import io.lightcloud.agent.network.NetworkDocument.FixedIp;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Port;
import io.lightcloud.agent.network.NetworkDocument.Rule;
import io.lightcloud.agent.network.NetworkDocument.SecurityGroup;
import io.lightcloud.agent.network.NetworkDocument.Subnet;
import io.lightcloud.agent.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * VM-to-VM TCP throughput ({@code iperf3}) across VXLAN between two simulated hosts (namespaces joined by an underlay
 * veth, each with its own data plane), the VMs' ports secured by a default-like security group, against two VMs on one
 * plain Linux bridge (no VXLAN, no firewall, bridge netfilter off) in the same run, alternating. Run by
 * bench/vxlan-throughput-bench.sh, which sets {@code lightcloud.bench.vxlan-throughput} to the result file.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "lightcloud.bench.vxlan-throughput", matches = ".+")
class VxlanThroughputBenchmark {
    private static final String TUNNEL_A = "192.0.2.11";
    private static final String TUNNEL_B = "192.0.2.12";
    private static final Pattern RECEIVED = Pattern.compile(
            "\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");

    private final String networkId = LinuxNet.uuid();
    private final String subnetId = LinuxNet.uuid();
    private final String groupId = LinuxNet.uuid();
    private final String portA = LinuxNet.uuid();
    private final String portB = LinuxNet.uuid();
    private final String macA = LinuxNet.mac();
    private final String macB = LinuxNet.mac();

    @Test
    void vxlanAgainstPlainBridge() throws Exception {
        LinuxNet.assumeUsable();
        int runs = Integer.getInteger("lightcloud.bench.runs", 5);
        int seconds = Integer.getInteger("lightcloud.bench.seconds", 5);
        try (LinuxNet net = new LinuxNet()) {
            String hostA = net.namespace("hostA");
            String hostB = net.namespace("hostB");
            net.ok("ip", "link", "add", "underlay", "netns", hostA, "type", "veth", "peer", "name", "underlay",
                    "netns", hostB);
            for (String[] host : List.of(new String[] {hostA, TUNNEL_A}, new String[] {hostB, TUNNEL_B})) {
                net.ok("ip", "netns", "exec", host[0], "ip", "addr", "add", host[1] + "/24", "dev", "underlay");
                net.ok("ip", "netns", "exec", host[0], "ip", "link", "set", "underlay", "up");
            }
            MetadataSource noMetadata = (network, address, path) -> new MetadataAnswer(404, "text/plain",
                    new byte[0]);
            NetworkDataplane agentA = new NetworkDataplane(new NetworkSettings(TUNNEL_A, Map.of(),
                    net.dir.resolve("stateA"), net.prefix + "a-", hostA), new ProcessRunner(), noMetadata);
            NetworkDataplane agentB = new NetworkDataplane(new NetworkSettings(TUNNEL_B, Map.of(),
                    net.dir.resolve("stateB"), net.prefix + "b-", hostB), new ProcessRunner(), noMetadata);
            try {
                String vmA = net.vm("vmA", hostA, portA, macA);
                String vmB = net.vm("vmB", hostB, portB, macB);
                assertThat(agentA.apply(document(portA, macA, "10.1.0.5", TUNNEL_B, macB))).isEmpty();
                assertThat(agentB.apply(document(portB, macB, "10.1.0.6", TUNNEL_A, macA))).isEmpty();
                address(net, vmA, "10.1.0.5", 1450);
                address(net, vmB, "10.1.0.6", 1450);

                String plain = net.namespace("plain");
                net.ok("ip", "netns", "exec", plain, "ip", "link", "add", "br0", "type", "bridge");
                net.ok("ip", "netns", "exec", plain, "ip", "link", "set", "br0", "up");
                // The bridged packets of the baseline skip the inet hooks, as on a host without security groups.
                net.run("ip", "netns", "exec", plain, "sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=0",
                        "net.bridge.bridge-nf-call-ip6tables=0");
                String vmC = plainVm(net, plain, "vmC", "10.2.0.5");
                String vmD = plainVm(net, plain, "vmD", "10.2.0.6");

                assertThat(net.pingEventually(vmA, "10.1.0.6")).isTrue();
                assertThat(net.pingEventually(vmC, "10.2.0.6")).isTrue();
                iperfServer(net, vmB);
                iperfServer(net, vmD);

                List<Double> vxlan = new ArrayList<>();
                List<Double> bridge = new ArrayList<>();
                for (int run = -1; run < runs; run++) {
                    // The first (short) run of each warms up and is not counted; then alternating order.
                    int length = run < 0 ? 1 : seconds;
                    boolean vxlanFirst = run % 2 == 0;
                    double first = iperf(net, vxlanFirst ? vmA : vmC, vxlanFirst ? "10.1.0.6" : "10.2.0.6", length);
                    double second = iperf(net, vxlanFirst ? vmC : vmA, vxlanFirst ? "10.2.0.6" : "10.1.0.6", length);
                    if (run >= 0) {
                        vxlan.add(vxlanFirst ? first : second);
                        bridge.add(vxlanFirst ? second : first);
                    }
                }
                String result = String.format(Locale.ROOT, """
                        runs=%d of %d s each, alternating; iperf3 single TCP stream, receiver's rate
                        MTU: VXLAN VM eth0 %s (network MTU 1450), underlay %s; plain-bridge VM eth0 %s
                        vxlan_gbit_s  median %.2f  runs %s
                        bridge_gbit_s median %.2f  runs %s
                        ratio_of_medians vxlan/bridge=%.2f
                        """, runs, seconds, mtu(net, vmA, "eth0"), mtu(net, hostA, "underlay"), mtu(net, vmC, "eth0"),
                        Percentiles.median(vxlan), format(vxlan), Percentiles.median(bridge), format(bridge),
                        Percentiles.median(vxlan) / Percentiles.median(bridge));
                Files.writeString(Path.of(System.getProperty("lightcloud.bench.vxlan-throughput")), result);
            } finally {
                try {
                    assertThat(agentA.apply(NetworkDocument.empty())).isEmpty();
                    assertThat(agentB.apply(NetworkDocument.empty())).isEmpty();
                } finally {
                    agentA.close();
                    agentB.close();
                }
            }
        }
    }

    private static String plainVm(LinuxNet net, String plain, String name, String address) {
        String vm = net.namespace(name);
        net.ok("ip", "link", "add", name, "netns", plain, "type", "veth", "peer", "name", "eth0", "netns", vm);
        net.ok("ip", "netns", "exec", plain, "ip", "link", "set", name, "master", "br0", "up");
        address(net, vm, address, 1500);
        return vm;
    }

    private static void address(LinuxNet net, String vm, String address, int mtu) {
        net.ok("ip", "netns", "exec", vm, "ip", "addr", "add", address + "/24", "dev", "eth0");
        net.ok("ip", "netns", "exec", vm, "ip", "link", "set", "eth0", "mtu", String.valueOf(mtu), "up");
    }

    private static void iperfServer(LinuxNet net, String vm) throws Exception {
        new ProcessBuilder("ip", "netns", "exec", vm, "iperf3", "-s").redirectErrorStream(true)
                .redirectOutput(net.dir.resolve(vm + "-iperf3.log").toFile()).start();
        for (int i = 0; i < 50; i++) {
            if (net.run("ip", "netns", "exec", vm, "sh", "-c", "ss -ltn | grep -q ':5201 '").exitCode() == 0) {
                return;
            }
            LinuxNet.sleep(100);
        }
        throw new AssertionError("iperf3 did not start in " + vm);
    }

    /** Gbit/s received in a single-stream test of {@code seconds}. */
    private static double iperf(LinuxNet net, String client, String server, int seconds) {
        String json = net.ok("ip", "netns", "exec", client, "iperf3", "-c", server, "-t", String.valueOf(seconds),
                "-J").stdout();
        Matcher m = RECEIVED.matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Double.parseDouble(m.group(1)) / 1e9;
    }

    private static String mtu(LinuxNet net, String namespace, String device) {
        return net.ok("ip", "netns", "exec", namespace, "cat", "/sys/class/net/" + device + "/mtu").stdout().strip();
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(" "));
    }

    private NetworkDocument document(String port, String mac, String ip, String peer, String peerMac) {
        Subnet subnet = new Subnet(subnetId, "10.1.0.0/24", "10.1.0.1", false, List.of(), List.of());
        Network network = new Network(networkId, "vxlan", 2001, null, 1450, List.of(subnet), List.of(peer),
                List.of(new FdbEntry(peerMac, peer)), null);
        // Like Neutron's default group: everything in from members of the group, everything out.
        SecurityGroup group = new SecurityGroup(groupId, List.of(
                new Rule(LinuxNet.uuid(), "ingress", "IPv4", null, null, null, null, groupId),
                new Rule(LinuxNet.uuid(), "egress", "IPv4", null, null, null, null, null)),
                List.of("10.1.0.5", "10.1.0.6"));
        return new NetworkDocument(1, List.of(network), List.of(new Port(port, networkId, mac, true, true,
                List.of(new FixedIp(subnetId, ip)), List.of(), List.of(groupId))), List.of(group), List.of());
    }
}
