package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus's own {@code openstack_sd_configs} against Lightcloud, unchanged: the Debian {@code prometheus} binary
 * discovers servers (role {@code instance}, all projects) and hypervisors (role {@code hypervisor}) through the
 * Keystone catalog, {@code os-floating-ips}, {@code servers/detail} and {@code os-hypervisors/detail}. Every
 * discovered target is dropped by relabelling, so Prometheus never scrapes the servers' (unroutable) addresses; the
 * test reads what it discovered from {@code /api/v1/targets}.
 */
@Tag("database")
class OpenstackServiceDiscoveryTest extends ComputeTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NETWORK = "/network/v2.0";

    private SimulatedAgent agent;
    private Process prometheus;
    private Path prometheusDir;

    @BeforeEach
    void startAgent() {
        agent = SimulatedAgent.start(api, admin, unique("sd-host"), 16, 32768, 400, zone);
    }

    @AfterEach
    void stop() throws IOException {
        agent.close();
        if (prometheus != null) {
            prometheus.destroy();
            try {
                if (!prometheus.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (prometheusDir != null) {
            try (var files = Files.walk(prometheusDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void prometheusDiscoversOneTargetPerFixedAddressAndEveryHypervisor() throws Exception {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("sd"));
        String flavor = fixture.flavor(unique("sd"), 1, 256, 1);
        String image = fixture.image(unique("sd"));

        String first = network(tenant.token(), "10.91.0.0/24");
        String second = network(tenant.token(), "10.92.0.0/24");
        Map<String, Object> twoNics = zoned("two-nics", flavor, image);
        twoNics.put("networks", List.of(Map.of("uuid", first), Map.of("uuid", second)));
        twoNics.put("metadata", Map.of("role", "web", "tier.name", "front"));
        String twoNicServer = fixture.createServer(tenant.token(), twoNics);
        Map<String, Object> none = zoned("no-nics", flavor, image);
        String noNicServer = fixture.createServer(tenant.token(), none);

        String external = externalNetwork();
        String adminNetwork = network(admin, "10.93.0.0/24");
        String router = neutron(admin, "POST", "/routers", Map.of("router", Map.of("name", unique("sd"),
                "external_gateway_info", Map.of("network_id", external)))).at("/router/id").stringValue();
        String adminSubnet = neutron(admin, "GET", "/subnets?network_id=" + adminNetwork, null)
                .at("/subnets/0/id").stringValue();
        neutron(admin, "PUT", "/routers/" + router + "/add_router_interface", Map.of("subnet_id", adminSubnet));
        Map<String, Object> floating = zoned("floating", flavor, image);
        floating.put("networks", List.of(Map.of("uuid", adminNetwork)));
        String floatingServer = fixture.createServer(admin, floating);
        agent.converge();
        for (String id : List.of(twoNicServer, noNicServer)) {
            fixture.awaitServer(tenant.token(), id, ComputeFixture.status("ACTIVE"), "ACTIVE");
        }
        fixture.awaitServer(admin, floatingServer, ComputeFixture.status("ACTIVE"), "ACTIVE");
        String port = neutron(admin, "GET", "/ports?device_id=" + floatingServer, null).at("/ports/0/id")
                .stringValue();
        String floatingIp = neutron(admin, "POST", "/floatingips", Map.of("floatingip", Map.of(
                "floating_network_id", external, "port_id", port))).at("/floatingip/floating_ip_address")
                .stringValue();

        Map<String, Set<String>> expected = new HashMap<>();
        for (String id : List.of(twoNicServer, floatingServer)) {
            JsonNode addresses = fixture.server(admin, id).get("addresses");
            Set<String> fixed = new HashSet<>();
            addresses.properties().forEach(pool -> pool.getValue().forEach(a -> {
                if (a.get("OS-EXT-IPS:type").stringValue().equals("fixed")) {
                    fixed.add(a.get("addr").stringValue());
                }
            }));
            expected.put(id, fixed);
        }
        assertThat(expected.get(twoNicServer)).hasSize(2);

        startPrometheus();
        Set<String> mine = Set.of(twoNicServer, noNicServer, floatingServer);
        List<JsonNode> instances = awaitTargets("lightcloud-instances",
                targets -> targets.stream().filter(t -> mine.contains(label(t, "instance_id"))).count() >= 3);
        Map<String, Set<String>> discovered = new HashMap<>();
        for (JsonNode target : instances) {
            String id = label(target, "instance_id");
            if (mine.contains(id)) {
                discovered.computeIfAbsent(id, k -> new HashSet<>()).add(label(target, "private_ip"));
                assertThat(target.at("/discoveredLabels/__address__").stringValue())
                        .isEqualTo(label(target, "private_ip") + ":9100");
            }
        }
        assertThat(discovered).as("one target per fixed address; none for a server without one")
                .isEqualTo(expected);

        JsonNode web = instances.stream().filter(t -> twoNicServer.equals(label(t, "instance_id"))).findFirst()
                .orElseThrow();
        assertThat(label(web, "project_id")).isEqualTo(tenant.projectId());
        assertThat(label(web, "user_id")).isEqualTo(tenant.userId());
        assertThat(label(web, "instance_name")).isEqualTo("two-nics");
        assertThat(label(web, "instance_status")).isEqualTo("ACTIVE");
        assertThat(label(web, "instance_flavor")).as("the flavor id before 2.47").isEqualTo(flavor);
        assertThat(label(web, "tag_role")).isEqualTo("web");
        assertThat(label(web, "tag_tier_name")).isEqualTo("front");
        JsonNode withFloating = instances.stream().filter(t -> floatingServer.equals(label(t, "instance_id")))
                .findFirst().orElseThrow();
        assertThat(label(withFloating, "public_ip")).isEqualTo(floatingIp);

        List<JsonNode> hypervisors = awaitTargets("lightcloud-hypervisors", targets -> targets.stream()
                .anyMatch(t -> agent.hostname().equals(label(t, "hypervisor_hostname"))));
        JsonNode hypervisor = hypervisors.stream().filter(t -> agent.hostname().equals(label(t,
                "hypervisor_hostname"))).findFirst().orElseThrow();
        assertThat(label(hypervisor, "hypervisor_host_ip")).isEqualTo("127.0.0.1");
        assertThat(hypervisor.at("/discoveredLabels/__address__").stringValue()).isEqualTo("127.0.0.1:9100");
        assertThat(label(hypervisor, "hypervisor_status")).isEqualTo("enabled");
        assertThat(label(hypervisor, "hypervisor_state")).isEqualTo("up");
        assertThat(label(hypervisor, "hypervisor_type")).isEqualTo("QEMU");
        Set<String> listed = new HashSet<>();
        fixture.nova("GET", "/os-hypervisors/detail", admin, null, "2.1").json().get("hypervisors")
                .forEach(h -> listed.add(h.get("hypervisor_hostname").stringValue()));
        assertThat(hypervisors.stream().map(t -> label(t, "hypervisor_hostname")).collect(Collectors.toSet()))
                .as("every hypervisor, as os-hypervisors lists them").isEqualTo(listed);
    }

    private String network(String token, String cidr) {
        String id = neutron(token, "POST", "/networks", Map.of("network", Map.of("name", unique("sd"))))
                .at("/network/id").stringValue();
        neutron(token, "POST", "/subnets", Map.of("subnet", Map.of("network_id", id, "cidr", cidr,
                "ip_version", 4)));
        return id;
    }

    /** Its own range: the CLI finds floating IPs by address, so the other tests' 198.51.100.0/24 must not repeat here. */
    private String externalNetwork() {
        String id = neutron(admin, "POST", "/networks", Map.of("network", Map.of("name", unique("sd-public"),
                "router:external", true, "provider:network_type", "flat", "provider:physical_network",
                unique("phys")))).at("/network/id").stringValue();
        neutron(admin, "POST", "/subnets", Map.of("subnet", Map.of("network_id", id, "cidr", "198.18.0.0/24",
                "ip_version", 4, "enable_dhcp", false)));
        return id;
    }

    private JsonNode neutron(String token, String method, String path, Object body) {
        ApiClient.Response response = api.send(method, NETWORK + path, token, body, Map.of());
        assertThat(response.status()).as(method + " " + path + ": " + response.text()).isBetween(200, 201);
        return response.json();
    }

    private void startPrometheus() throws IOException {
        prometheusDir = Files.createTempDirectory("lightcloud-prometheus-sd-");
        int webPort = freePort();
        String auth = """
                    identity_endpoint: http://127.0.0.1:%d/identity/v3
                    username: admin
                    password: %s
                    domain_name: Default
                    project_name: admin
                    region: RegionOne
                    port: 9100
                    refresh_interval: 2s
                """.formatted(port, ADMIN_PASSWORD);
        String config = """
                global:
                  scrape_interval: 1h
                scrape_configs:
                  - job_name: lightcloud-instances
                    openstack_sd_configs:
                      - role: instance
                        all_tenants: true
                %s
                    relabel_configs:
                      - action: drop
                        regex: .*
                        source_labels: [__address__]
                  - job_name: lightcloud-hypervisors
                    openstack_sd_configs:
                      - role: hypervisor
                %s
                    relabel_configs:
                      - action: drop
                        regex: .*
                        source_labels: [__address__]
                """.formatted(indent(auth), indent(auth));
        Files.writeString(prometheusDir.resolve("prometheus.yml"), config);
        prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + prometheusDir.resolve(
                "prometheus.yml"), "--storage.tsdb.path=" + prometheusDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + webPort, "--log.level=debug")
                .redirectErrorStream(true).redirectOutput(prometheusDir.resolve("prometheus.log").toFile()).start();
        prometheusUrl = "http://127.0.0.1:" + webPort;
    }

    private String prometheusUrl;

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
    }

    private List<JsonNode> awaitTargets(String job, java.util.function.Predicate<List<JsonNode>> done)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        List<JsonNode> last = List.of();
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl
                        + "/api/v1/targets?state=dropped")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    List<JsonNode> targets = new ArrayList<>();
                    JSON.readTree(response.body()).at("/data/droppedTargets").forEach(t -> {
                        if (job.equals(t.at("/discoveredLabels/job").stringValue())) {
                            targets.add(t);
                        }
                    });
                    last = targets;
                    if (done.test(targets)) {
                        return targets;
                    }
                }
            } catch (IOException e) {
                // Prometheus is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus did not discover the expected " + job + " targets; last: " + last
                + "\nlog:\n" + tail(prometheusDir.resolve("prometheus.log")));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String label(JsonNode target, String name) {
        JsonNode value = target.at("/discoveredLabels/__meta_openstack_" + name);
        return value.isMissingNode() ? null : value.stringValue();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
