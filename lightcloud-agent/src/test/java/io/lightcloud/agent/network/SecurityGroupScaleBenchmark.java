package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.network.MetadataSource.MetadataAnswer;
import io.lightcloud.agent.network.NetworkDocument.FixedIp;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Port;
import io.lightcloud.agent.network.NetworkDocument.Rule;
import io.lightcloud.agent.network.NetworkDocument.SecurityGroup;
import io.lightcloud.agent.network.NetworkDocument.Subnet;
import io.lightcloud.agent.process.CommandResult;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Security groups at scale on one simulated host (its own namespace, data plane and state directory): a client VM and
 * a server VM on one VXLAN network, both with port security; the server's group has either 10 or 1,000 ingress rules
 * (distinct TCP ports, the last one allowing the probe's port). Alternating the two documents, it times
 * {@link NetworkDataplane#apply} and the {@code nft -f} of the rendered script alone, then the TCP connect latency
 * from client to server ({@link ConnectProbe}; client and listener pinned to CPU 1, because where the scheduler puts
 * them moves the latency by more than the rules do). Run by bench/security-group-bench.sh, which sets
 * {@code lightcloud.bench.security-groups} to the result file.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "lightcloud.bench.security-groups", matches = ".+")
class SecurityGroupScaleBenchmark {
    private static final int PROBE_PORT = 5001;
    private static final int FEW = 10;
    private static final int MANY = 1000;
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private final String networkId = LinuxNet.uuid();
    private final String subnetId = LinuxNet.uuid();
    private final String clientPort = LinuxNet.uuid();
    private final String serverPort = LinuxNet.uuid();
    private final String clientMac = LinuxNet.mac();
    private final String serverMac = LinuxNet.mac();
    private final String clientGroup = LinuxNet.uuid();
    private final String serverGroup = LinuxNet.uuid();

    @Test
    void ruleProgrammingAndConnectLatencyWithTenAndAThousandRules() throws Exception {
        LinuxNet.assumeUsable();
        int rounds = Integer.getInteger("lightcloud.bench.runs", 6);
        int connects = Integer.getInteger("lightcloud.bench.connects", 2000);
        try (LinuxNet net = new LinuxNet()) {
            String host = net.namespace("host");
            NetworkDataplane dataplane = new NetworkDataplane(new NetworkSettings("192.0.2.11", Map.of(),
                    net.dir.resolve("state"), net.prefix + "a-", host), new ProcessRunner(),
                    (network, address, path) -> new MetadataAnswer(404, "text/plain", new byte[0]));
            try {
                String client = net.vm("client", host, clientPort, clientMac);
                String server = net.vm("server", host, serverPort, serverMac);
                staticAddress(net, client, "10.0.0.5");
                staticAddress(net, server, "10.0.0.6");
                Process listener = startListener(server);
                Map<Integer, Measurements> byRules = Map.of(FEW, new Measurements(), MANY, new Measurements());
                // The renderer numbers secured ports in the order of their ids.
                List<String> listChain = List.of("ip", "netns", "exec", host, "nft", "list", "chain", "inet",
                        "lightcloud", "ingress_" + (serverPort.compareTo(clientPort) > 0 ? 2 : 1));
                String chain = "";
                for (int round = -1; round < rounds; round++) {
                    // Alternating order, so that drift in the machine's load favours neither.
                    for (int rules : round % 2 == 0 ? List.of(FEW, MANY) : List.of(MANY, FEW)) {
                        NetworkDocument document = document(rules);
                        long start = System.nanoTime();
                        assertThat(dataplane.apply(document)).isEmpty();
                        long applyNanos = System.nanoTime() - start;
                        String script = new FirewallRenderer().render(document.ports(), document.securityGroups(),
                                List.of(DeviceNames.bridge(networkId)));
                        start = System.nanoTime();
                        RUNNER.run(List.of("ip", "netns", "exec", host, "nft", "-f", "-"), script,
                                Duration.ofSeconds(60));
                        long nftNanos = System.nanoTime() - start;
                        List<Long> latencies = connectLatencies(client, connects);
                        if (rules == MANY) {
                            chain = RUNNER.run(listChain, Duration.ofSeconds(30)).stdout();
                        }
                        if (round >= 0) {
                            byRules.get(rules).add(applyNanos, nftNanos, latencies);
                        }
                    }
                }
                listener.destroyForcibly();
                Files.writeString(Path.of(System.getProperty("lightcloud.bench.security-groups")),
                        report(rounds, connects, byRules, chain));
            } finally {
                try {
                    assertThat(dataplane.apply(NetworkDocument.empty())).isEmpty();
                } finally {
                    dataplane.close();
                }
            }
        }
    }

    private static String report(int rounds, int connects, Map<Integer, Measurements> byRules, String chain) {
        Measurements few = byRules.get(FEW);
        Measurements many = byRules.get(MANY);
        long chainRules = chain.lines().map(String::strip).filter(l -> l.endsWith("accept") || l.endsWith("drop"))
                .count();
        return String.format(Locale.ROOT, """
                rounds=%d (each: apply 10 and 1,000 ingress rules, alternating; %d timed connects per setting)
                server port's ingress chain with 1,000 rules holds %d nft rules
                apply_ms            10 rules: median %.1f   1,000 rules: median %.1f
                nft_f_ms            10 rules: median %.1f   1,000 rules: median %.1f
                connect_us          10 rules: median %.1f p90 %.1f p99 %.1f   1,000 rules: median %.1f p90 %.1f p99 %.1f
                connect_us per-round medians  10 rules: %s   1,000 rules: %s
                connect median ratio 1,000/10 rules: %.3f (median of per-round ratios %.3f)
                """, rounds, connects, chainRules,
                Percentiles.median(few.applyMillis), Percentiles.median(many.applyMillis),
                Percentiles.median(few.nftMillis), Percentiles.median(many.nftMillis),
                Percentiles.median(few.connectMicros), Percentiles.of(few.connectMicros, 90),
                Percentiles.of(few.connectMicros, 99), Percentiles.median(many.connectMicros),
                Percentiles.of(many.connectMicros, 90), Percentiles.of(many.connectMicros, 99),
                format(few.roundMedians), format(many.roundMedians),
                Percentiles.median(many.connectMicros) / Percentiles.median(few.connectMicros),
                Percentiles.median(IntStream.range(0, rounds)
                        .mapToObj(i -> many.roundMedians.get(i) / few.roundMedians.get(i)).toList()));
    }

    private static String format(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
    }

    private static final class Measurements {
        final List<Double> applyMillis = new ArrayList<>();
        final List<Double> nftMillis = new ArrayList<>();
        final List<Double> connectMicros = new ArrayList<>();
        final List<Double> roundMedians = new ArrayList<>();

        void add(long applyNanos, long nftNanos, List<Long> latencies) {
            applyMillis.add(applyNanos / 1e6);
            nftMillis.add(nftNanos / 1e6);
            List<Double> micros = latencies.stream().map(n -> n / 1e3).toList();
            connectMicros.addAll(micros);
            roundMedians.add(Percentiles.median(micros));
        }
    }

    private static Process startListener(String namespace) throws IOException {
        Process listener = new ProcessBuilder(Stream.concat(Stream.of("ip", "netns", "exec", namespace),
                probe("serve", String.valueOf(PROBE_PORT)).stream()).toList()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("listening");
        return listener;
    }

    private static List<Long> connectLatencies(String namespace, int count) {
        List<String> argv = Stream.concat(Stream.of("ip", "netns", "exec", namespace),
                probe("connect", "10.0.0.6", String.valueOf(PROBE_PORT), "500", String.valueOf(count)).stream())
                .toList();
        CommandResult result = RUNNER.run(argv, Duration.ofMinutes(5));
        return result.stdout().lines().map(Long::parseLong).toList();
    }

    private static List<String> probe(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = ConnectProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return Stream.concat(Stream.of("taskset", "-c", "1", java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classes, ConnectProbe.class.getName()), Stream.of(args)).toList();
    }

    private static void staticAddress(LinuxNet net, String vm, String address) {
        net.ok("ip", "netns", "exec", vm, "ip", "addr", "add", address + "/24", "dev", "eth0");
        net.ok("ip", "netns", "exec", vm, "ip", "link", "set", "eth0", "mtu", "1450");
    }

    private NetworkDocument document(int ingressRules) {
        Subnet subnet = new Subnet(subnetId, "10.0.0.0/24", "10.0.0.1", false, List.of(), List.of());
        Network network = new Network(networkId, "vxlan", 1001, null, 1450, List.of(subnet), List.of(), List.of(),
                null);
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(LinuxNet.uuid(), "egress", "IPv4", null, null, null, null, null));
        for (int i = 1; i < ingressRules; i++) {
            rules.add(new Rule(LinuxNet.uuid(), "ingress", "IPv4", "tcp", 20000 + i, 20000 + i, null, null));
        }
        rules.add(new Rule(LinuxNet.uuid(), "ingress", "IPv4", "tcp", PROBE_PORT, PROBE_PORT, null, null));
        List<SecurityGroup> groups = List.of(
                new SecurityGroup(clientGroup, List.of(new Rule(LinuxNet.uuid(), "egress", "IPv4", null, null, null,
                        null, null)), List.of("10.0.0.5")),
                new SecurityGroup(serverGroup, rules, List.of("10.0.0.6")));
        return new NetworkDocument(ingressRules, List.of(network), List.of(port(clientPort, clientMac, "10.0.0.5",
                clientGroup), port(serverPort, serverMac, "10.0.0.6", serverGroup)), groups, List.of());
    }

    private Port port(String id, String mac, String ip, String group) {
        return new Port(id, networkId, mac, true, true, List.of(new FixedIp(subnetId, ip)), List.of(), List.of(group));
    }
}
