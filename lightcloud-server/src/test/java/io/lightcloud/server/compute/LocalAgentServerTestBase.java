package io.lightcloud.server.compute;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.LightcloudServer;
import io.lightcloud.server.agent.LocalAgent;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A server under test that runs its host's agent in-process (the all-in-one mode) on real QEMU under TCG (nested
 * KVM fails on the build machine). It has its own short data directory (QMP socket paths limit the instances
 * directory) and its own database, so the simulated agents of the other compute tests never see this real host.
 * Images go through the Glance API and volumes through the Cinder API, as a user's would.
 */
@SpringBootTest(classes = LightcloudServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class LocalAgentServerTestBase {
    static final String ADMIN_PASSWORD = ServerTestBase.ADMIN_PASSWORD;
    static final Path DIR = shortTempDir();
    static final Path INSTANCES = DIR.resolve("i");
    static final Duration BOOT = Duration.ofSeconds(90);
    /**
     * The bridge of the flat physical network {@code public}. Every subclass shares this configuration, so that they
     * share one application context and one local agent: two agents would fight over the host's network objects.
     */
    static final String EXTERNAL_BRIDGE = "lcte-" + UUID.randomUUID().toString().substring(0, 8);
    static final int AGENT_METRICS_PORT = io.lightcloud.server.monitoring.MonitoringTestBase.freePort();

    @Autowired
    ImageRegistry images;
    @Autowired
    LocalAgent agent;

    ApiClient api;
    String admin;
    ComputeFixture fixture;

    @DynamicPropertySource
    static void localAgent(DynamicPropertyRegistry registry) {
        ServerTestBase.register(registry, DIR);
        registry.add("lightcloud.agent.local.enabled", () -> "true");
        registry.add("lightcloud.agent.local.instances-dir", INSTANCES::toString);
        registry.add("lightcloud.agent.local.accel", () -> "tcg");
        registry.add("lightcloud.agent.local.stop-timeout", () -> "20s");
        registry.add("lightcloud.agent.local.network.bridge-mappings", () -> "public:" + EXTERNAL_BRIDGE);
        // The real Prometheus and Alertmanager scrape this host's agent (QemuAlertingEndToEndTest).
        registry.add("lightcloud.monitoring.enabled", () -> "true");
        registry.add("lightcloud.monitoring.node-exporter.enabled", () -> "false");
        registry.add("lightcloud.monitoring.scrape-interval", () -> "2s");
        registry.add("lightcloud.monitoring.alert-group-wait", () -> "1s");
        registry.add("lightcloud.monitoring.agent-port", () -> Integer.toString(AGENT_METRICS_PORT));
        registry.add("lightcloud.monitoring.delivery.first-backoff", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void setUpClients() {
        api = new ApiClient("http://127.0.0.1:" + port);
        admin = api.token("admin", ADMIN_PASSWORD, "admin");
        fixture = new ComputeFixture(api, admin, images, DIR);
    }

    @AfterAll
    static void removeLeftovers() throws IOException {
        // A failed test may leave VMs behind; the server is gone by now, so end them by their pid files.
        if (Files.isDirectory(INSTANCES)) {
            try (Stream<Path> pidFiles = Files.find(INSTANCES, 2, (p, a) -> p.endsWith("qemu.pid"))) {
                pidFiles.forEach(p -> pid(p).ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy)));
            }
        }
    }

    /** The Lightcloud test image, uploaded through the Glance API as a public image. */
    String testImage(String name) {
        return fixture.image(name, TestImagePath.get());
    }

    JsonNode awaitServer(String id, Predicate<JsonNode> condition, String what) {
        return awaitServer(id, condition, what, 200);
    }

    /** Polls the server every {@code pollMillis} until it matches. */
    JsonNode awaitServer(String id, Predicate<JsonNode> condition, String what, long pollMillis) {
        Instant deadline = Instant.now().plus(BOOT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = fixture.server(admin, id);
            if (condition.test(last)) {
                return last;
            }
            sleepMillis(pollMillis);
        }
        throw new AssertionError("server " + id + " did not become " + what + "; last seen: " + last);
    }

    static Predicate<JsonNode> status(String status) {
        return server -> server.get("status").stringValue().equals(status);
    }

    /** Waits for the guest's {@code boots}-th boot marker in the serial log and answers it. */
    Map<String, String> awaitBoot(String id, int boots) {
        return awaitBoot(id, boots, 250);
    }

    Map<String, String> awaitBoot(String id, int boots, long pollMillis) {
        Instant deadline = Instant.now().plus(BOOT);
        while (true) {
            List<Map<String, String>> firstMarkers = markers(consoleFile(id)).stream()
                    .filter(m -> "1".equals(m.get("seq"))).toList();
            if (firstMarkers.size() >= boots) {
                return firstMarkers.get(boots - 1);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("boot " + boots + " of server " + id + " not seen; boots so far: "
                        + firstMarkers.size());
            }
            sleepMillis(pollMillis);
        }
    }

    static List<Map<String, String>> markers(Path consoleLog) {
        List<Map<String, String>> markers = new ArrayList<>();
        String text;
        try {
            text = Files.exists(consoleLog) ? Files.readString(consoleLog, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The guest may be writing a marker right now: only lines it has ended count.
        String complete = text.substring(0, text.lastIndexOf('\n') + 1);
        for (String line : complete.replace("\r", "").lines().toList()) {
            if (line.startsWith("LIGHTCLOUD-MARKER ")) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String pair : line.substring("LIGHTCLOUD-MARKER ".length()).split(" ")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                markers.add(fields);
            }
        }
        return markers;
    }

    static Path consoleFile(String id) {
        return INSTANCES.resolve(id).resolve("console.log");
    }

    static java.util.OptionalLong livePid(String id) {
        return pid(INSTANCES.resolve(id).resolve("qemu.pid"))
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
    }

    static java.util.Optional<Long> pid(Path pidFile) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    static void sleepMillis(long millis) {
        ComputeFixture.sleep(millis);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Path shortTempDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "lce2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
