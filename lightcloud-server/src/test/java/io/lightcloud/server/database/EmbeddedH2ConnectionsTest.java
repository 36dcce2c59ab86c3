package io.lightcloud.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.LightcloudServer;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh H2 database whose migrations ran on a pooled connection keeps working after the pool would have retired
 * that connection: H2 binds {@code IN (...)} check constraints to the session that created them, so a retired
 * connection made every later image insert fail with "The database has been closed".
 */
class EmbeddedH2ConnectionsTest {

    @Test
    void imagesAreStillCreatedAfterThePoolsConnectionLifetimeHasPassed() throws Exception {
        Path dataDir = Files.createTempDirectory("lightcloud-h2-lifetime-");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--lightcloud.data-dir=" + dataDir,
                "--lightcloud.bootstrap.admin-password=lifetime-password",
                "--lightcloud.identity.password-hash-rounds=4", "--lightcloud.agent.local.enabled=false",
                // Hikari's shortest lifetime: the connection that ran the migrations is retired after it.
                "--spring.datasource.hikari.max-lifetime=30000"));
        args.addAll(TestDatabase.arguments(dataDir.toString()));
        try (ConfigurableApplicationContext context = SpringApplication.run(LightcloudServer.class,
                args.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ApiClient api = new ApiClient("http://127.0.0.1:" + port);
            String token = api.token("admin", "lifetime-password", "admin");
            Thread.sleep(36_000);
            ApiClient.Response created = api.post("/image/v2/images", token,
                    Map.of("name", "after-lifetime", "disk_format", "raw", "container_format", "bare"));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
        }
    }
}
