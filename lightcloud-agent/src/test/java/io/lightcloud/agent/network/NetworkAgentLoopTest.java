package io.lightcloud.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lightcloud.agent.controller.ControllerClient;
import io.lightcloud.agent.network.MetadataSource.MetadataAnswer;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The loop against a fake controller (an in-process HTTP server on loopback standing in for the controller's
 * {@code /agent/network} and {@code /agent/metadata} endpoints): it sends the host's tunnel address and physical
 * networks, applies each new generation, and long-polls with the applied generation.
 */
@Tag("network")
class NetworkAgentLoopTest {
    private static final String NETWORK = "0a1b2c3d-0000-1111-2222-333333333333";

    private LinuxNet net;
    private String host;
    private HttpServer controller;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> document = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        LinuxNet.assumeUsable();
        net = new LinuxNet();
        host = net.namespace("host");
        controller = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        controller.createContext("/lightcloud/v1/agent/network", this::network);
        controller.createContext("/lightcloud/v1/agent/metadata/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, "text/plain", exchange.getRequestURI().getRawPath());
        });
        controller.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (controller != null) {
            controller.stop(0);
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void appliesEachGenerationAndLongPollsWithTheAppliedOne() throws Exception {
        document.set(documentWithNetwork(5));
        ControllerClient client = client();
        NetworkSettings settings = new NetworkSettings("192.0.2.11", Map.of("public", "br-ex"),
                net.dir.resolve("state"), net.prefix + "a-", host);
        NetworkDataplane dataplane = new NetworkDataplane(settings, new ProcessRunner(),
                new ControllerMetadataSource(client));
        try (NetworkAgentLoop loop = new NetworkAgentLoop(client, dataplane, settings, Duration.ofSeconds(1))) {
            loop.start();
            String bridge = DeviceNames.bridge(NETWORK);
            waitFor(() -> linkExists(bridge));
            assertThat(queries.get(0)).isEqualTo("since=-1&wait=0&tunnel_ip=192.0.2.11&physical_networks=public");
            waitFor(() -> queries.stream().anyMatch(q -> q.startsWith("since=5&wait=1&")));

            document.set("{\"generation\": 6, \"networks\": [], \"ports\": [], \"security_groups\": [],"
                    + " \"routers\": []}");
            waitFor(() -> !linkExists(bridge));
            waitFor(() -> queries.stream().anyMatch(q -> q.startsWith("since=6&")));
        }
    }

    @Test
    void metadataRequestsGoToTheControllerWithTheHostCredential() {
        MetadataAnswer answer = new ControllerMetadataSource(client()).fetch(NETWORK, "10.0.0.5",
                "openstack/latest/../latest/meta_data.json");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(
                "/lightcloud/v1/agent/metadata/" + NETWORK + "/10.0.0.5/openstack/latest/meta_data.json");
        assertThat(authorizations).containsExactly("Bearer host-1:secret");
        assertThat(new ControllerMetadataSource(client()).fetch(NETWORK, "10.0.0.5", "../../hosts").status())
                .isEqualTo(404);
    }

    private ControllerClient client() {
        return new ControllerClient(URI.create("http://127.0.0.1:" + controller.getAddress().getPort()),
                "host-1:secret", JsonMapper.builder().build());
    }

    private void network(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(query);
        String current = document.get();
        long generation = JsonMapper.builder().build().readTree(current).path("generation").asLong();
        if (query.startsWith("since=" + generation + "&")) {
            LinuxNet.sleep(200);
        }
        answer(exchange, 200, "application/json", current);
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String documentWithNetwork(long generation) {
        return """
                {"generation": %d, "host": {"id": "h", "hostname": "node1", "tunnel_ip": "192.0.2.11"},
                 "networks": [{"id": "%s", "network_type": "vxlan", "segmentation_id": 4001, "mtu": 1450,
                   "subnets": [], "peers": ["192.0.2.12"], "fdb": []}],
                 "ports": [], "security_groups": [], "routers": []}
                """.formatted(generation, NETWORK);
    }

    private boolean linkExists(String name) {
        return net.run("ip", "netns", "exec", host, "ip", "link", "show", name).exitCode() == 0;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            LinuxNet.sleep(100);
        }
        throw new AssertionError("condition not met within 10 s");
    }
}
