package io.lightcloud.server.compute;

import static io.lightcloud.server.testing.HostCommands.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.OpenstackCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 as its reporter ran it, with the real {@code openstack} CLI: two servers of the test image on a tenant
 * network with a router, both in a custom security group whose only ingress rule opens TCP port 80; the second
 * server's user data fetches the first one's page with {@code wget -T}, as a CirrOS user would write it.
 */
@Tag("e2e")
@Tag("network")
class CustomSecurityGroupCliEndToEndTest extends LocalAgentServerTestBase {
    private static final String NOVA = "--os-compute-api-version=2.90";
    private static final Pattern ADDRESS = Pattern.compile("(10\\.77\\.0\\.\\d+)/24");

    private final List<String> servers = new ArrayList<>();
    private String network;
    private String subnet;
    private String group;
    private String router;

    @Test
    void serverReachesAnotherServersWebServerThroughACustomSecurityGroup() throws IOException {
        String project = unique("issue18");
        ComputeFixture.Tenant tenant = fixture.tenant(project);
        OpenstackCli cli = OpenstackCli.forUser(api.baseUrl(), tenant.userName(), tenant.password(), project);
        String image = testImage(unique("lightcloud-test"));
        String flavor = unique("t-f");

        network = cli.json("network", "create", "t-net").get("id").stringValue();
        subnet = cli.json("subnet", "create", "--network", "t-net", "--subnet-range", "10.77.0.0/24", "t-sub")
                .get("id").stringValue();
        group = cli.json("security", "group", "create", "t-sg").get("id").stringValue();
        cli.ok("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "80", "t-sg");
        router = cli.json("router", "create", "t-r").get("id").stringValue();
        cli.ok("router", "add", "subnet", "t-r", "t-sub");
        OpenstackCli.admin(api.baseUrl(), ADMIN_PASSWORD).ok("flavor", "create", "--vcpus", "1", "--ram", "256",
                "--disk", "1", flavor);
        String serverA = cli.json(NOVA, "server", "create", "--image", image, "--flavor", flavor, "--network",
                "t-net", "--security-group", "t-sg", "t-a").get("id").stringValue();
        servers.add(serverA);

        awaitServer(serverA, status("ACTIVE"), "ACTIVE");
        String addressA = awaitAddress(serverA);
        Path userData = DIR.resolve(unique("ud") + ".sh");
        Files.writeString(userData, "#!/bin/sh\nfor i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O /dev/null -T 3 http://"
                + addressA + "/ && echo PEER-OK && break; sleep 3; done\n");
        String serverB = cli.json(NOVA, "server", "create", "--image", image, "--flavor", flavor, "--network",
                "t-net", "--security-group", "t-sg", "--user-data", userData.toString(), "t-b").get("id")
                .stringValue();
        servers.add(serverB);

        await(() -> console(serverB).contains("LIGHTCLOUD-USERDATA rc="),
                () -> "server B ran its user data:\n" + console(serverB));
        // The API serves the log the agent last pushed, which may lag the serial file by a push interval.
        await(() -> cli.ok(NOVA, "console", "log", "show", "t-b").stdout().contains("LIGHTCLOUD-USERDATA rc="),
                () -> "the console log API shows server B's user data result");
        assertThat(cli.ok(NOVA, "console", "log", "show", "t-b").stdout())
                .as("server B reached server A's httpd at %s", addressA).contains("PEER-OK")
                .doesNotContain("Segmentation fault");
    }

    /** Removes what the test made, also after a failure, so no VM, namespace or dnsmasq outlives it. */
    @AfterEach
    void deleteWhatTheTestMade() {
        servers.forEach(server -> fixture.nova("DELETE", "/servers/" + server, admin, null));
        await(() -> servers.stream()
                .allMatch(server -> fixture.nova("GET", "/servers/" + server, admin, null).status() == 404),
                () -> "the servers are deleted");
        if (router != null) {
            neutron("PUT", "/routers/" + router + "/remove_router_interface", Map.of("subnet_id", subnet));
            neutron("DELETE", "/routers/" + router, null);
        }
        if (network != null) {
            neutron("DELETE", "/networks/" + network, null);
        }
        if (group != null) {
            neutron("DELETE", "/security-groups/" + group, null);
        }
        List<String> prefixes = Stream.of(network, router).filter(Objects::nonNull).map(id -> id.substring(0, 8))
                .toList();
        await(() -> {
            String namespaces = run("ip", "netns", "list");
            return prefixes.stream().noneMatch(namespaces::contains);
        }, () -> "the agent removed the network's and the router's namespaces");
    }

    private void neutron(String method, String path, Object body) {
        api.send(method, "/network/v2.0" + path, admin, body, Map.of());
    }

    /** The address the guest got by DHCP, from its serial markers. */
    private String awaitAddress(String serverId) {
        Instant deadline = Instant.now().plus(BOOT);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> address = markers(consoleFile(serverId)).stream()
                    .map(marker -> ADDRESS.matcher(marker.getOrDefault("ips", "")))
                    .filter(Matcher::find).map(m -> m.group(1)).findFirst();
            if (address.isPresent()) {
                return address.get();
            }
            sleepMillis(250);
        }
        throw new AssertionError("server " + serverId + " got no address by DHCP:\n" + console(serverId));
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) {
        Instant deadline = Instant.now().plus(BOOT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what.get());
            }
            sleepMillis(250);
        }
    }

    private static String console(String serverId) {
        try {
            Path file = consoleFile(serverId);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
