package io.lightcloud.server.compute;

import static io.lightcloud.server.testing.HostCommands.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.driver.qemu.AccelMode;
import io.lightcloud.agent.driver.qemu.QemuDriver;
import io.lightcloud.agent.driver.qemu.QemuDriverConfig;
import io.lightcloud.agent.network.NetworkSettings;
import io.lightcloud.agent.process.ProcessRunner;
import io.lightcloud.agent.runtime.Agent;
import io.lightcloud.agent.runtime.AgentSettings;
import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two hypervisor hosts on one machine: each is a network namespace made by the test, joined to the other by an
 * underlay veth with its own tunnel address, and each runs a real agent whose data plane and QEMU live in that
 * namespace. A VM on each host, on the same tenant VXLAN network, reach each other; the one whose host does not serve
 * the network's DHCP gets its address over the tunnel. No packet leaves the two namespaces. The web console of a VM
 * on a host reaches its VNC, bound to 127.0.0.1 of the host's namespace, only through that host's agent's tunnel.
 */
@Tag("e2e")
@Tag("network")
class MultiHostNetworkEndToEndTest extends ComputeTestBase {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final String SERVER_A_ADDRESS = "10.60.0.10";

    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final List<Host> hosts = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    private record Host(String name, String namespace, Path instances, Path networkState, Agent agent,
            QemuDriver driver) {
    }

    @AfterEach
    void stopHosts() throws IOException {
        for (Host host : hosts) {
            host.agent().close();
            host.driver().close();
            killQemu(host.instances());
        }
        namespaces.forEach(ns -> run("ip", "netns", "delete", ns));
        for (Host host : hosts) {
            run("rm", "-rf", host.instances().toString(), host.networkState().toString());
        }
    }

    @Test
    void vmsOnTwoHostsShareAVxlanNetwork() throws IOException {
        String hostA = "mh-a-" + tag;
        String hostB = "mh-b-" + tag;
        underlay(hostA, "192.0.2.11", hostB, "192.0.2.12");
        start(hostA, "192.0.2.11", "a" + tag + "-");
        start(hostB, "192.0.2.12", "b" + tag + "-");
        String image = fixture.image(unique("img"), TestImagePath.get());
        String flavor = fixture.flavor(unique("f"), 1, 128, 1);
        String network = create("networks", "network", Map.of("name", unique("vx")));
        create("subnets", "subnet", Map.of("network_id", network, "cidr", "10.60.0.0/24", "ip_version", 4));

        Map<String, Object> a = fixture.serverBody("mh-a", flavor, image);
        a.put("availability_zone", zone + ":" + hostA);
        a.put("networks", List.of(Map.of("uuid", network, "fixed_ip", SERVER_A_ADDRESS)));
        String serverA = fixture.createServer(admin, a);
        Map<String, Object> b = fixture.serverBody("mh-b", flavor, image);
        b.put("availability_zone", zone + ":" + hostB);
        b.put("networks", List.of(Map.of("uuid", network)));
        b.put("user_data", Base64.getEncoder().encodeToString(("#!/bin/sh\nwhile true; do if timeout 3 wget -q -O - "
                + "http://" + SERVER_A_ADDRESS + "/ | grep -q mh-a; then echo LCTEST-HTTP ok; else echo LCTEST-HTTP "
                + "fail; fi; sleep 2; done &\n").getBytes(StandardCharsets.UTF_8)));
        String serverB = fixture.createServer(admin, b);

        fixture.awaitServer(admin, serverA, ComputeFixture.status("ACTIVE"), "ACTIVE on " + hostA);
        fixture.awaitServer(admin, serverB, ComputeFixture.status("ACTIVE"), "ACTIVE on " + hostB);
        assertThat(fixture.server(admin, serverA).get("OS-EXT-SRV-ATTR:host").stringValue()).isEqualTo(hostA);
        assertThat(fixture.server(admin, serverB).get("OS-EXT-SRV-ATTR:host").stringValue()).isEqualTo(hostB);
        Path consoleA = hosts.get(0).instances().resolve(serverA).resolve("console.log");
        Path consoleB = hosts.get(1).instances().resolve(serverB).resolve("console.log");
        await(() -> read(consoleA).contains("ips=" + SERVER_A_ADDRESS + "/24"), "server A's address by DHCP");
        await(() -> read(consoleB).matches("(?s).*ips=10\\.60\\.0\\.\\d+/24.*source=metadata.*"),
                "server B's address and metadata, one of them across the tunnel");
        await(() -> read(consoleB).contains("LCTEST-HTTP ok"), "server B reaches server A's httpd over VXLAN");
        assertThat(run("ip", "netns", "exec", hostA, "bridge", "fdb", "show", "dev", "lcvx-" + network.substring(0, 8)))
                .as("host A sends the network's broadcasts to host B's tunnel address").contains("dst 192.0.2.12");
        assertThat(keyPressThroughConsole(serverB))
                .as("a key press on the console of server B changes its screen, through host B's agent").hasSize(1);

        fixture.nova("DELETE", "/servers/" + serverA, admin, null);
        fixture.nova("DELETE", "/servers/" + serverB, admin, null);
        await(() -> fixture.nova("GET", "/servers/" + serverA, admin, null).status() == 404
                && fixture.nova("GET", "/servers/" + serverB, admin, null).status() == 404, "servers deleted");
        assertThat(api.delete("/network/v2.0/networks/" + network, admin).status()).isEqualTo(204);
        await(() -> !run("ip", "netns", "exec", hostA, "ip", "-o", "link").contains("lcbr-")
                && !run("ip", "netns", "exec", hostB, "ip", "-o", "link").contains("lcbr-")
                && !run("ip", "netns", "list").contains(tag + "-lcdhcp-"),
                "both hosts removed the network's bridges, VXLAN devices, taps and DHCP namespace");
    }

    /** Types on the server's VGA console through the web console proxy; the latency of the one key press. */
    private List<Double> keyPressThroughConsole(String serverId) {
        ApiClient.Response console = fixture.nova("POST", "/servers/" + serverId + "/remote-consoles", admin,
                Map.of("remote_console", Map.of("protocol", "vnc", "type", "novnc")));
        assertThat(console.status()).as(console.text()).isEqualTo(200);
        String url = console.json().at("/remote_console/url").stringValue();
        URI proxy = URI.create("ws://127.0.0.1:" + port + "/lightcloud/v1/console/websockify?"
                + url.substring(url.indexOf("token=")));
        return CompletableFuture.supplyAsync(() -> {
            try (WebSocketStreams ws = new WebSocketStreams(proxy, "binary");
                    RfbLatencyProbe probe = new RfbLatencyProbe(ws.input(), ws.output(), ws)) {
                return probe.measure(1, Duration.ofMillis(500));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }).orTimeout(90, TimeUnit.SECONDS).join();
    }

    private void underlay(String hostA, String addressA, String hostB, String addressB) {
        for (String ns : List.of(hostA, hostB)) {
            run("ip", "netns", "add", ns);
            namespaces.add(ns);
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        }
        run("ip", "link", "add", "ul0", "netns", hostA, "type", "veth", "peer", "name", "ul0", "netns", hostB);
        run("ip", "netns", "exec", hostA, "ip", "addr", "add", addressA + "/24", "dev", "ul0");
        run("ip", "netns", "exec", hostB, "ip", "addr", "add", addressB + "/24", "dev", "ul0");
        run("ip", "netns", "exec", hostA, "ip", "link", "set", "ul0", "up");
        run("ip", "netns", "exec", hostB, "ip", "link", "set", "ul0", "up");
    }

    private void start(String hostname, String tunnelIp, String namespacePrefix) throws IOException {
        ApiClient.Response created = api.post("/lightcloud/v1/hosts", admin, Map.of("host",
                Map.of("hostname", hostname, "availability_zone", zone)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Path instances = Files.createTempDirectory(Path.of("/tmp"), "lcmh-");
        Path networkState = Path.of("/run/lightcloud/test-" + namespacePrefix + "network");
        QemuDriver driver = new QemuDriver(QemuDriverConfig.defaults(instances).withAccelMode(AccelMode.TCG)
                .withHostNamespace(hostname), new ProcessRunner());
        AgentSettings settings = AgentSettings.defaults(URI.create(api.baseUrl()),
                created.json().at("/host/credential").stringValue()).withHostname(hostname)
                .withAvailabilityZone(zone).withHostIp(tunnelIp).withStopTimeout(Duration.ofSeconds(5))
                .withNetwork(new NetworkSettings(tunnelIp, Map.of(), networkState, namespacePrefix, hostname));
        Agent agent = new Agent(driver, settings, instances.resolve("_agent"));
        agent.start();
        hosts.add(new Host(hostname, hostname, instances, networkState, agent, driver));
    }

    private String create(String collection, String singular, Map<String, Object> attributes) {
        ApiClient.Response response = api.post("/network/v2.0/" + collection, admin, Map.of(singular, attributes));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(singular).get("id").stringValue();
    }

    private static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(BOOT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            ComputeFixture.sleep(500);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agents leave VMs running when they stop, as they would on a real host; the test ends them. */
    private static void killQemu(Path instances) throws IOException {
        if (!Files.isDirectory(instances)) {
            return;
        }
        try (var pidFiles = Files.find(instances, 2, (p, attributes) -> p.endsWith("qemu.pid"))) {
            pidFiles.forEach(p -> ProcessHandle.of(Long.parseLong(read(p).strip()))
                    .ifPresent(ProcessHandle::destroy));
        }
    }
}
