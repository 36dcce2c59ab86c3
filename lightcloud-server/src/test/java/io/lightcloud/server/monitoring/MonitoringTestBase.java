package io.lightcloud.server.monitoring;

import io.lightcloud.monitoring.stack.MonitoringStack;
import io.lightcloud.server.LightcloudServer;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A controller that supervises the real Debian Prometheus and Alertmanager (no local agent, no node exporter), with a
 * 1 s scrape and evaluation interval and a 1 s alert group wait so that tests see alerts within seconds. Subclasses
 * share this one server and its monitoring processes.
 */
@SpringBootTest(classes = LightcloudServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class MonitoringTestBase {
    protected static final Path DIR = createDir();
    protected static final int AGENT_PORT = freePort();

    @LocalServerPort
    protected int port;
    @Autowired
    protected MonitoringStack stack;

    @DynamicPropertySource
    static void monitoring(DynamicPropertyRegistry registry) {
        ServerTestBase.register(registry, DIR);
        registry.add("lightcloud.monitoring.enabled", () -> "true");
        registry.add("lightcloud.monitoring.node-exporter.enabled", () -> "false");
        registry.add("lightcloud.monitoring.scrape-interval", () -> "1s");
        registry.add("lightcloud.monitoring.alert-group-wait", () -> "1s");
        registry.add("lightcloud.monitoring.agent-port", () -> Integer.toString(AGENT_PORT));
        registry.add("lightcloud.monitoring.delivery.first-backoff", () -> "200ms");
    }

    protected ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    protected String adminToken() {
        return api().token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDir() {
        try {
            return Files.createTempDirectory("lightcloud-monitoring-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
