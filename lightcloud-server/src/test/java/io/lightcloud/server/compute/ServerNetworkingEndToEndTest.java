package io.lightcloud.server.compute;

import static io.lightcloud.server.testing.HostCommands.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Servers on real tenant networks, with real packets: the local agent wires bridges, taps, dnsmasq, nftables and
 * router namespaces in this machine's root namespace; the test looks at them from network namespaces of its own (the
 * network's DHCP namespace, an "outside" namespace on the flat external bridge). Nothing is routed to the machine's
 * uplink: the external bridge has no address in the root namespace and no physical port.
 */
@Tag("e2e")
@Tag("network")
class ServerNetworkingEndToEndTest extends LocalAgentServerTestBase {
    private static final String OUTSIDE_ADDRESS = "203.0.113.1";

    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void removeTestNamespaces() {
        processes.forEach(Process::destroyForcibly);
        namespaces.forEach(ns -> run("ip", "netns", "delete", ns));
        run("ip", "link", "delete", EXTERNAL_BRIDGE);
    }

    @Test
    void serversGetAddressesByDhcpReachEachOtherAndSecurityGroupsDecide() {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("net-e2e"));
        String image = testImage(unique("img"));
        String flavor = fixture.flavor(unique("f"), 1, 128, 1);
        String network = create(tenant.token(), "networks", Map.of("name", "web"));
        create(tenant.token(), "subnets", Map.of("network_id", network, "cidr", "10.20.0.0/24", "ip_version", 4,
                "name", "web-v4"));
        String group = create(tenant.token(), "security-groups", Map.of("name", "http"));
        String httpRule = create(tenant.token(), "security-group-rules", Map.of("security_group_id", group,
                "direction", "ingress", "protocol", "tcp", "port_range_min", 80, "port_range_max", 80,
                "remote_ip_prefix", "0.0.0.0/0"));
        String webPort = create(tenant.token(), "ports", Map.of("network_id", network, "name", "web-a",
                "fixed_ips", List.of(Map.of("ip_address", "10.20.0.10")), "security_groups", List.of(group)));

        Map<String, Object> a = fixture.serverBody("web-a", flavor, image);
        a.put("networks", List.of(Map.of("port", webPort)));
        String serverA = fixture.createServer(tenant.token(), a);
        Map<String, Object> b = fixture.serverBody("web-b", flavor, image);
        b.put("networks", List.of(Map.of("uuid", network)));
        b.put("user_data", script("while true; do if timeout 3 wget -q -O - http://10.20.0.10/ | grep -q web-a; "
                + "then echo LCTEST-HTTP ok; else echo LCTEST-HTTP fail; fi; sleep 2; done &"));
        String serverB = fixture.createServer(tenant.token(), b);

        Map<String, String> markerA = awaitAddress(serverA);
        assertThat(markerA.get("ips")).contains("10.20.0.10");
        assertThat(markerA.get("source")).as("no config drive: metadata came from 169.254.169.254")
                .isEqualTo("metadata");
        assertThat(markerA.get("instance_id")).isEqualTo(serverA);
        assertThat(markerA.get("hostname")).isEqualTo("web-a");
        Map<String, String> markerB = awaitAddress(serverB);
        String addressB = markerB.get("ips").replaceAll(".*?(10\\.20\\.0\\.\\d+).*", "$1");
        JsonNode shownB = awaitServer(serverB, s -> s.at("/addresses/web/0/addr").isString(), "addressed");
        assertThat(shownB.at("/addresses/web/0/addr").stringValue()).isEqualTo(addressB);
        assertThat(shownB.at("/addresses/web/0/OS-EXT-IPS:type").stringValue()).isEqualTo("fixed");

        awaitConsoleLine(serverB, "LCTEST-HTTP ok", "server B, running its user data, reaches server A's httpd");
        String dhcpNamespace = "lcdhcp-" + network.substring(0, 8);
        assertThat(httpFrom(dhcpNamespace, "http://10.20.0.10/")).contains("web-a");

        delete(tenant.token(), "security-group-rules/" + httpRule);
        awaitCondition(() -> !httpFrom(dhcpNamespace, "http://10.20.0.10/").contains("web-a"),
                "the http rule's removal blocks port 80 from outside the group");
        create(tenant.token(), "security-group-rules", Map.of("security_group_id", group, "direction", "ingress",
                "protocol", "tcp", "port_range_min", 80, "port_range_max", 80, "remote_ip_prefix", "0.0.0.0/0"));
        awaitCondition(() -> httpFrom(dhcpNamespace, "http://10.20.0.10/").contains("web-a"),
                "the rule added back opens port 80 again");

        ComputeFixture.Tenant other = fixture.tenant(unique("other"));
        String otherNetwork = create(other.token(), "networks", Map.of("name", "other"));
        create(other.token(), "subnets", Map.of("network_id", otherNetwork, "cidr", "10.20.0.0/24",
                "ip_version", 4));
        assertThat(neutron("GET", "/networks/" + network, other.token(), null).status()).isEqualTo(404);
        Map<String, Object> c = fixture.serverBody("intruder", flavor, image);
        c.put("networks", List.of(Map.of("uuid", otherNetwork)));
        c.put("user_data", script("while true; do if timeout 3 wget -q -O - http://10.20.0.10/ | grep -q web-a; "
                + "then echo LCTEST-HTTP ok; else echo LCTEST-HTTP fail; fi; sleep 2; done &"));
        String intruder = fixture.createServer(other.token(), c);
        awaitAddress(intruder);
        awaitConsoleLine(intruder, "LCTEST-HTTP fail", "another project's server tried");
        assertThat(console(intruder)).doesNotContain("LCTEST-HTTP ok");

        for (String server : List.of(serverA, serverB, intruder)) {
            fixture.nova("DELETE", "/servers/" + server, admin, null);
        }
        for (String server : List.of(serverA, serverB, intruder)) {
            awaitCondition(() -> fixture.nova("GET", "/servers/" + server, admin, null).status() == 404,
                    "server " + server + " deleted");
        }
        delete(tenant.token(), "ports/" + webPort);
        delete(tenant.token(), "networks/" + network);
        delete(other.token(), "networks/" + otherNetwork);
        awaitCondition(() -> leftovers(List.of(network, otherNetwork), List.of(webPort)).isEmpty(),
                "the agent removed every bridge, tap, namespace and dnsmasq of the deleted networks");
    }

    @Test
    void floatingIpReachesTheServerFromOutsideAndTheServerReachesOutThroughSnat() throws IOException {
        String outside = "lctest-out-" + UUID.randomUUID().toString().substring(0, 6);
        run("ip", "link", "add", EXTERNAL_BRIDGE, "type", "bridge");
        run("ip", "link", "set", EXTERNAL_BRIDGE, "up");
        namespace(outside);
        String veth = "lcto" + UUID.randomUUID().toString().substring(0, 8);
        run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", outside);
        run("ip", "link", "set", veth, "master", EXTERNAL_BRIDGE, "up");
        run("ip", "netns", "exec", outside, "ip", "addr", "add", OUTSIDE_ADDRESS + "/24", "dev", "eth0");
        run("ip", "netns", "exec", outside, "ip", "link", "set", "eth0", "up");
        run("ip", "netns", "exec", outside, "ip", "link", "set", "lo", "up");
        Path site = Files.createTempDirectory(DIR, "site");
        Files.writeString(site.resolve("hello.txt"), "outside-ok\n");
        Path accessLog = site.resolve("access.log");
        processes.add(new ProcessBuilder("ip", "netns", "exec", outside, "python3", "-m", "http.server", "8080",
                "--bind", OUTSIDE_ADDRESS, "--directory", site.toString()).redirectErrorStream(true)
                .redirectOutput(accessLog.toFile()).start());

        String external = create(admin, "networks", Map.of("name", unique("public"), "router:external", true,
                "provider:network_type", "flat", "provider:physical_network", "public"));
        create(admin, "subnets", Map.of("network_id", external, "cidr", "203.0.113.0/24", "ip_version", 4,
                "gateway_ip", OUTSIDE_ADDRESS, "enable_dhcp", false,
                "allocation_pools", List.of(Map.of("start", "203.0.113.100", "end", "203.0.113.200"))));
        ComputeFixture.Tenant tenant = fixture.tenant(unique("fip-e2e"));
        String image = testImage(unique("img"));
        String flavor = fixture.flavor(unique("f"), 1, 128, 1);
        String network = create(tenant.token(), "networks", Map.of("name", "app"));
        String subnet = create(tenant.token(), "subnets", Map.of("network_id", network, "cidr", "10.40.0.0/24",
                "ip_version", 4));
        String router = create(tenant.token(), "routers", Map.of("name", "edge",
                "external_gateway_info", Map.of("network_id", external)));
        assertThat(neutron("PUT", "/routers/" + router + "/add_router_interface", tenant.token(),
                Map.of("subnet_id", subnet)).status()).isEqualTo(200);
        String group = create(tenant.token(), "security-groups", Map.of("name", "http"));
        create(tenant.token(), "security-group-rules", Map.of("security_group_id", group, "direction", "ingress",
                "protocol", "tcp", "port_range_min", 80, "port_range_max", 80));
        String port = create(tenant.token(), "ports", Map.of("network_id", network, "security_groups",
                List.of(group)));

        Map<String, Object> body = fixture.serverBody("app-1", flavor, image);
        body.put("networks", List.of(Map.of("port", port)));
        body.put("user_data", script("while true; do echo LCTEST-OUT $(timeout 3 wget -q -O - http://" + OUTSIDE_ADDRESS
                + ":8080/hello.txt); sleep 2; done &"));
        String server = fixture.createServer(tenant.token(), body);
        awaitAddress(server);
        JsonNode floating = neutron("POST", "/floatingips", tenant.token(), Map.of("floatingip",
                Map.of("floating_network_id", external, "port_id", port))).json().get("floatingip");
        String floatingAddress = floating.get("floating_ip_address").stringValue();
        assertThat(floatingAddress).startsWith("203.0.113.");

        awaitCondition(() -> httpFrom(outside, "http://" + floatingAddress + "/").contains("app-1"),
                "the floating IP answers from the outside namespace");
        awaitConsoleLine(server, "LCTEST-OUT outside-ok", "the server reaches the outside through the router");
        // Connections made before the floating IP existed went out as the router's gateway address.
        awaitCondition(() -> read(accessLog).contains(floatingAddress + " - -"),
                "the outside sees the server's connections come from its floating address");
        assertThat(read(accessLog)).as("the fixed address never leaves the router").doesNotContain("10.40.0.");

        fixture.nova("DELETE", "/servers/" + server, admin, null);
        awaitCondition(() -> fixture.nova("GET", "/servers/" + server, admin, null).status() == 404,
                "server deleted");
        delete(tenant.token(), "floatingips/" + floating.get("id").stringValue());
        assertThat(neutron("PUT", "/routers/" + router + "/remove_router_interface", tenant.token(),
                Map.of("subnet_id", subnet)).status()).isEqualTo(200);
        delete(tenant.token(), "routers/" + router);
        delete(tenant.token(), "ports/" + port);
        delete(tenant.token(), "networks/" + network);
        delete(admin, "networks/" + external);
        awaitCondition(() -> leftovers(List.of(network, external, router), List.of(port)).isEmpty(),
                "the agent removed the router namespace, bridges, taps and NAT rules");
    }

    private Map<String, String> awaitAddress(String serverId) {
        awaitServer(serverId, status("ACTIVE"), "ACTIVE");
        Instant deadline = Instant.now().plus(BOOT);
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, String>> markers = markers(consoleFile(serverId));
            for (Map<String, String> marker : markers) {
                if (marker.getOrDefault("ips", "").matches(".*\\d+\\.\\d+\\.\\d+\\.\\d+.*")) {
                    return marker;
                }
            }
            sleepMillis(250);
        }
        throw new AssertionError("server " + serverId + " got no address by DHCP:\n" + console(serverId));
    }

    private void awaitConsoleLine(String serverId, String line, String what) {
        awaitCondition(() -> console(serverId).contains(line), what + " (console shows '" + line + "')");
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(BOOT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            sleepMillis(500);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** What of ours still exists for these networks, routers and ports (empty once the agent cleaned up). */
    private static List<String> leftovers(List<String> ids, List<String> ports) {
        List<String> found = new ArrayList<>();
        String links = run("ip", "-o", "link", "show");
        String netns = run("ip", "netns", "list");
        String dnsmasq = run("pgrep", "-a", "dnsmasq");
        for (String id : ids) {
            String prefix = id.substring(0, 8);
            Predicate<String> mentions = text -> text.contains(prefix);
            if (mentions.test(links)) {
                found.add("link of " + id);
            }
            if (mentions.test(netns)) {
                found.add("namespace of " + id);
            }
            if (dnsmasq.contains(id) || dnsmasq.contains(prefix)) {
                found.add("dnsmasq of " + id);
            }
        }
        for (String port : ports) {
            if (links.contains("tap" + port.substring(0, 11))) {
                found.add("tap of " + port);
            }
        }
        String rules = run("nft", "list", "table", "bridge", "lightcloud");
        for (String port : ports) {
            if (rules.contains(port.substring(0, 11))) {
                found.add("nftables rules of " + port);
            }
        }
        return found;
    }

    private String httpFrom(String namespace, String url) {
        return run("ip", "netns", "exec", namespace, "curl", "-s", "--max-time", "3", url);
    }

    private void namespace(String name) {
        run("ip", "netns", "add", name);
        namespaces.add(name);
    }

    private static String script(String body) {
        return Base64.getEncoder().encodeToString(("#!/bin/sh\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private String create(String token, String collection, Map<String, Object> attributes) {
        String singular = switch (collection) {
            case "security-groups" -> "security_group";
            case "security-group-rules" -> "security_group_rule";
            case "floatingips" -> "floatingip";
            default -> collection.substring(0, collection.length() - 1);
        };
        ApiClient.Response response = neutron("POST", "/" + collection, token, Map.of(singular, attributes));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(singular).get("id").stringValue();
    }

    private void delete(String token, String path) {
        ApiClient.Response response = neutron("DELETE", "/" + path, token, null);
        assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(204);
    }

    private ApiClient.Response neutron(String method, String path, String token, Object body) {
        return api.send(method, "/network/v2.0" + path, token, body, Map.of());
    }
}
