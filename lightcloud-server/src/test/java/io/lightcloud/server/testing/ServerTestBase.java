package io.lightcloud.server.testing;

import io.lightcloud.server.LightcloudServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the whole controller on a random port, on a fresh data directory, and gives tests an HTTP client and an
 * admin token. Subclasses share one server (Spring caches the context), so tests use unique names.
 */
@SpringBootTest(classes = LightcloudServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTestBase {
    public static final String ADMIN_PASSWORD = "admin-test-password";
    private static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        register(registry, DATA_DIR);
    }

    /**
     * The test server's properties on a data directory; for test bases that need a server of their own (Spring lets
     * the base class's dynamic properties win over a subclass's, so those cannot extend this class).
     */
    public static void register(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("lightcloud.data-dir", dataDir::toString);
        registry.add("lightcloud.bootstrap.admin-password", () -> ADMIN_PASSWORD);
        // A low bcrypt cost keeps the suite fast; benchmarks run at the production cost of 12.
        registry.add("lightcloud.identity.password-hash-rounds", () -> "4");
        registry.add("lightcloud.identity.lockout-failure-attempts", () -> "3");
        registry.add("lightcloud.identity.lockout-duration", () -> "3s");
        // Hosts of simulated agents heartbeat every second; a short threshold lets tests watch a host go down.
        registry.add("lightcloud.compute.heartbeat-interval", () -> "1s");
        registry.add("lightcloud.compute.host-down-after", () -> "5s");
        registry.add("lightcloud.compute.maintenance-interval", () -> "1s");
        TestDatabase.register(registry, dataDir.toString());
    }

    protected ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    protected String adminToken() {
        return api().token("admin", ADMIN_PASSWORD, "admin");
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("lightcloud-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
