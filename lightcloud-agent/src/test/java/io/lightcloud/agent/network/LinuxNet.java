package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lightcloud.agent.process.CommandResult;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Real Linux plumbing for the network tests: every namespace it creates carries this run's unique prefix
 * ({@code lctest-<random>-}) and is removed, with the processes inside, by {@link #close()}. Nothing is created in the
 * namespace the tests run in, and no namespace gets a route off the machine.
 */
final class LinuxNet implements AutoCloseable {
    private static final ProcessRunner RUNNER = new ProcessRunner();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String UDHCPC_SCRIPT = """
            #!/bin/sh
            # Test DHCP client script: applies the lease and records what the server offered.
            case "$1" in
              deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
              bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/$mask" dev "$interface"
                [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
                set -- $staticroutes
                while [ $# -ge 2 ]; do ip route replace "$1" via "$2" dev "$interface"; shift 2; done
                env | grep -E '^(ip|mask|router|mtu|staticroutes|dns|hostname)=' > "$LEASE_FILE"
                ;;
            esac
            exit 0
            """;

    final String prefix;
    final Path dir;
    private final List<String> namespaces = new ArrayList<>();

    LinuxNet() throws IOException {
        this.prefix = "lctest-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff)) + "-";
        this.dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void assumeUsable() {
        assumeTrue("root".equals(System.getProperty("user.name")), "network tests need root");
        for (String tool : List.of("ip", "bridge", "nft", "dnsmasq", "socat", "busybox", "sysctl", "curl", "ss")) {
            assumeTrue(RUNNER.runAllowingFailure(List.of("sh", "-c", "command -v " + tool), TIMEOUT).exitCode() == 0,
                    tool + " is not installed");
        }
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    static String mac() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256),
                random.nextInt(256));
    }

    /** Creates a namespace named with this run's prefix. */
    String namespace(String name) {
        String full = prefix + name;
        ok("ip", "netns", "add", full);
        namespaces.add(full);
        ok("ip", "netns", "exec", full, "ip", "link", "set", "lo", "up");
        return full;
    }

    /**
     * A "VM": a namespace whose {@code eth0} (with the port's MAC) is the peer of a veth named like the port's tap in
     * {@code hostNamespace}, as QEMU's tap would be.
     */
    String vm(String name, String hostNamespace, String portId, String mac) {
        String vm = namespace(name);
        ok("ip", "link", "add", DeviceNames.tap(portId), "netns", hostNamespace, "type", "veth", "peer", "name",
                "eth0", "netns", vm);
        ok("ip", "netns", "exec", vm, "ip", "link", "set", "eth0", "address", mac, "up");
        return vm;
    }

    /** Runs udhcpc once in the VM and returns what the server offered (the lease is applied to eth0). */
    String dhcp(String vm) throws IOException {
        Path script = dir.resolve("udhcpc.sh");
        if (!Files.exists(script)) {
            Files.writeString(script, UDHCPC_SCRIPT, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path lease = dir.resolve(vm + ".lease");
        CommandResult result = RUNNER.runAllowingFailure(List.of("ip", "netns", "exec", vm, "env",
                "LEASE_FILE=" + lease, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "6", "-T", "1",
                "-s", script.toString(), "-O", "mtu", "-O", "staticroutes"), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as("udhcpc in %s: %s %s", vm, result.stdout(), result.stderr()).isZero();
        return Files.readString(lease, StandardCharsets.UTF_8);
    }

    boolean ping(String namespace, String address) {
        return run("ip", "netns", "exec", namespace, "busybox", "ping", "-c", "1", "-W", "2", address)
                .exitCode() == 0;
    }

    /** Pings until it answers (ARP and bridge learning take a moment), at most ~10 s. */
    boolean pingEventually(String namespace, String address) {
        for (int i = 0; i < 5; i++) {
            if (ping(namespace, address)) {
                return true;
            }
        }
        return false;
    }

    /** A TCP server in the namespace that answers every connection with the client's address. */
    void echoPeerServer(String namespace, int port) throws IOException {
        new ProcessBuilder("ip", "netns", "exec", namespace, "socat", "TCP-LISTEN:" + port + ",fork,reuseaddr",
                "SYSTEM:echo peer=$SOCAT_PEERADDR").redirectErrorStream(true)
                .redirectOutput(dir.resolve(namespace + "-server.log").toFile()).start();
        for (int i = 0; i < 50; i++) {
            if (run("ip", "netns", "exec", namespace, "sh", "-c", "ss -ltn | grep -q ':" + port + " '")
                    .exitCode() == 0) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("server did not start in " + namespace);
    }

    /** What the server at address:port answered, or null when no connection could be made in 3 s. */
    String connect(String namespace, String address, int port) {
        CommandResult result = run("ip", "netns", "exec", namespace, "socat", "-T", "3", "-",
                "TCP:" + address + ":" + port + ",connect-timeout=3");
        return result.exitCode() == 0 && !result.stdout().isBlank() ? result.stdout().strip() : null;
    }

    CommandResult ok(String... argv) {
        CommandResult result = run(argv);
        assertThat(result.exitCode()).as("%s: %s", String.join(" ", argv), result.stderr()).isZero();
        return result;
    }

    CommandResult run(String... argv) {
        return RUNNER.runAllowingFailure(List.of(argv), TIMEOUT);
    }

    /** Namespaces of the whole machine whose name starts with {@code namePrefix}. */
    List<String> namespacesStartingWith(String namePrefix) {
        return Stream.of(ok("ip", "netns", "list").stdout().split("\n")).map(l -> l.strip().split("\\s+")[0])
                .filter(n -> n.startsWith(namePrefix)).toList();
    }

    /** Links of a namespace that the agent owns by name. */
    List<String> agentLinks(String namespace) {
        return Stream.of(ok("ip", "netns", "exec", namespace, "ip", "-o", "link", "show").stdout().split("\n"))
                .filter(l -> !l.isBlank()).map(l -> l.split(":\\s+")[1].split("@")[0])
                .filter(n -> Stream.of(DeviceNames.BRIDGE, DeviceNames.VXLAN, DeviceNames.TAP, DeviceNames.DHCP_VETH,
                        DeviceNames.ROUTER_VETH).anyMatch(p -> p.matcher(n).matches())).toList();
    }

    String nftTables(String namespace) {
        return ok("ip", "netns", "exec", namespace, "nft", "list", "tables").stdout();
    }

    /** Processes whose command line mentions {@code marker}. */
    List<Long> processesMentioning(String marker) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .contains(marker);
                } catch (IOException e) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every process in this run's namespaces and deletes them (VMs last-in first-out), then the files. */
    @Override
    public void close() throws IOException {
        List<String> all = new ArrayList<>(namespacesStartingWith(prefix));
        all.sort(Comparator.reverseOrder());
        for (String namespace : all) {
            for (String pid : run("ip", "netns", "pids", namespace).stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run("ip", "netns", "del", namespace);
        }
        processesMentioning(dir.toString()).forEach(pid -> ProcessHandle.of(pid)
                .ifPresent(ProcessHandle::destroyForcibly));
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
