package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.LightcloudServer;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import io.lightcloud.server.testing.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A server of its own whose usage ledger runs on a {@link SettableClock} starting at {@link #T0}: tests create,
 * resize and delete servers at known times. The ledger's periodic sweep is slowed down so that tests sweep when
 * they choose.
 *
 * <p>In the PostgreSQL run this is a second controller on the database every other test class's server uses: it
 * registers no all-in-one host (it would rotate the credential the shared server's local agent holds), and it is
 * closed after each class, so that its background workers do not take the other server's volume and scheduling work
 * (each controller keeps volumes in its own data directory).
 */
@SpringBootTest(classes = LightcloudServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UsageTestBase.ClockConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class UsageTestBase {
    public static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Path DIR = createDataDir();

    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        Clock usageTestClock() {
            return new SettableClock(T0);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestBase.register(registry, DIR);
        registry.add("lightcloud.usage.sweep-interval", () -> "1h");
        registry.add("lightcloud.compute.local-agent.enabled", () -> "false");
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected Clock clock;
    @Autowired
    ImageRegistry images;

    protected ApiClient api;
    protected String admin;
    ComputeFixture fixture;
    protected String zone;

    @BeforeEach
    void setUpUsage() {
        api = new ApiClient("http://127.0.0.1:" + port);
        admin = api.token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
        fixture = new ComputeFixture(api, admin, images, DIR);
        zone = "zone-" + UUID.randomUUID().toString().substring(0, 8);
        ((SettableClock) clock).set(T0);
    }

    protected SettableClock clock() {
        return (SettableClock) clock;
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a server in this test's zone and lets {@code agent} report it running. */
    String active(SimulatedAgent agent, String token, String name, String flavor, String image) {
        Map<String, Object> body = fixture.serverBody(name, flavor, image);
        body.put("availability_zone", zone);
        String id = fixture.createServer(token, body);
        agent.converge();
        fixture.awaitServer(token, id, ComputeFixture.status("ACTIVE"), "ACTIVE");
        return id;
    }

    /** Two servers of {@code tenant}: {@code resized} ends deleted, {@code running} still runs. */
    record Scenario(ComputeFixture.Tenant tenant, ComputeFixture.Tenant other, String resized, String running,
            String small, String large) {
    }

    /**
     * At T0 the first server launches with 1 vCPU, 512 MB and 1 GB; at T0+1h a second one with the same flavor; at
     * T0+2h the first is resized to 2 vCPUs, 1024 MB, 2 GB and confirmed; at T0+5h it is deleted. The clock stops at
     * T0+10h.
     */
    Scenario twoServersOverTenHours(SimulatedAgent agent) {
        ComputeFixture.Tenant tenant = fixture.tenant(unique("usage"));
        ComputeFixture.Tenant other = fixture.tenant(unique("other"));
        String small = fixture.flavor(unique("small"), 1, 512, 1);
        String large = fixture.flavor(unique("large"), 2, 1024, 2);
        String image = fixture.image(unique("image"));

        String resized = active(agent, tenant.token(), "resized", small, image);
        clock().advance(Duration.ofHours(1));
        String running = active(agent, tenant.token(), "running", small, image);
        clock().advance(Duration.ofHours(1));
        fixture.action(tenant.token(), resized, Map.of("resize", Map.of("flavorRef", large)), 202);
        agent.converge();
        fixture.awaitServer(tenant.token(), resized, ComputeFixture.status("VERIFY_RESIZE"), "VERIFY_RESIZE");
        fixture.action(tenant.token(), resized, Map.of("confirmResize", Map.of()), 204);
        clock().advance(Duration.ofHours(3));
        assertThat(fixture.nova("DELETE", "/servers/" + resized, tenant.token(), null).status()).isEqualTo(204);
        agent.converge();
        clock().advance(Duration.ofHours(5));
        return new Scenario(tenant, other, resized, running, small, large);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("lightcloud-usage-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
