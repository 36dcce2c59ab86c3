package io.lightcloud.server.network;

import static io.lightcloud.server.testing.HostCommands.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lightcloud public-network}, the all-in-one's opt-in way out: run inside a namespace that stands for the
 * host, with a veth to another namespace as its "uplink" and a third namespace as a router on the public bridge. The
 * router's traffic must reach the "internet" namespace with the host's uplink address as its source. Nothing of it is
 * in this machine's own namespace.
 */
@Tag("network")
class PublicNetworkSetupTest {
    private static final Path SCRIPT = Path.of("..", "lightcloud").toAbsolutePath().normalize();

    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final String host = "lcpub-host-" + tag;
    private final String router = "lcpub-rtr-" + tag;
    private final String internet = "lcpub-net-" + tag;
    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void removeNamespaces() {
        servers.forEach(Process::destroyForcibly);
        for (String namespace : List.of(host, router, internet)) {
            run("ip", "netns", "delete", namespace);
        }
    }

    @Test
    void publicRangeIsMasqueradedOutOfTheUplinkAndApplyingTwiceChangesNothing() throws IOException {
        for (String namespace : List.of(host, router, internet)) {
            run("ip", "netns", "add", namespace);
            run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        }
        run("ip", "link", "add", "up0", "netns", host, "type", "veth", "peer", "name", "eth0", "netns", internet);
        inside(host, "ip", "addr", "add", "192.168.250.1/24", "dev", "up0");
        inside(host, "ip", "link", "set", "up0", "up");
        inside(internet, "ip", "addr", "add", "192.168.250.2/24", "dev", "eth0");
        inside(internet, "ip", "link", "set", "eth0", "up");

        for (int i = 0; i < 2; i++) {
            String out = run("ip", "netns", "exec", host, "env", "LIGHTCLOUD_PUBLIC_GATEWAY=203.0.113.1/24",
                    "LIGHTCLOUD_UPLINK=up0", SCRIPT.toString(), "public-network");
            assertThat(out).contains("public network 203.0.113.0/24 on br-lcpublic");
        }
        assertThat(inside(host, "ip", "-o", "-4", "addr", "show", "dev", "br-lcpublic").lines().count())
                .as("the gateway address is added once").isEqualTo(1);
        run("ip", "link", "add", "leg0", "netns", host, "type", "veth", "peer", "name", "eth0", "netns", router);
        inside(host, "ip", "link", "set", "leg0", "master", "br-lcpublic", "up");
        inside(router, "ip", "addr", "add", "203.0.113.50/24", "dev", "eth0");
        inside(router, "ip", "link", "set", "eth0", "up");
        inside(router, "ip", "route", "add", "default", "via", "203.0.113.1");

        Path site = Files.createTempDirectory("lcpub");
        Files.writeString(site.resolve("hello.txt"), "internet-ok\n");
        Path log = site.resolve("access.log");
        servers.add(new ProcessBuilder("ip", "netns", "exec", internet, "python3", "-m", "http.server", "8080",
                "--bind", "192.168.250.2", "--directory", site.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start());
        String fetched = "";
        for (int attempt = 0; attempt < 50 && !fetched.contains("internet-ok"); attempt++) {
            fetched = inside(router, "curl", "-s", "--max-time", "2", "http://192.168.250.2:8080/hello.txt");
        }
        assertThat(fetched).contains("internet-ok");
        assertThat(Files.readString(log)).as("the uplink's address, not the public one, reaches the internet")
                .contains("192.168.250.1 - -").doesNotContain("203.0.113.50");
    }

    private static String inside(String namespace, String... command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(List.of(command));
        return run(argv.toArray(String[]::new));
    }
}
