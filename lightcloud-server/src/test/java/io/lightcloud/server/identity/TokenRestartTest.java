package io.lightcloud.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.LightcloudServer;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tokens are signed with keys kept in the database, so a restarted controller, or a second controller on the same
 * database, accepts them; revocations are kept there too.
 */
@Tag("database")
class TokenRestartTest {

    @Test
    void tokensAndRevocationsSurviveARestartAndASecondController() throws Exception {
        Path dataDir = Files.createTempDirectory("lightcloud-restart-");
        String kept;
        String revoked;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            ApiClient api = client(first);
            kept = api.token("admin", "restart-password", "admin");
            revoked = api.token("admin", "restart-password", "admin");
            assertThat(api.send("DELETE", "/identity/v3/auth/tokens", kept, null, Map.of("X-Subject-Token", revoked))
                    .status()).isEqualTo(204);
        }
        try (ConfigurableApplicationContext restarted = start(dataDir)) {
            ApiClient api = client(restarted);
            assertThat(api.get("/lightcloud/v1/session", kept).status()).isEqualTo(200);
            assertThat(api.get("/lightcloud/v1/session", revoked).status()).isEqualTo(401);
            if (TestDatabase.isPostgres()) {
                try (ConfigurableApplicationContext second = start(Files.createTempDirectory("lightcloud-second-"))) {
                    ApiClient other = client(second);
                    String fromSecond = other.token("admin", "restart-password", "admin");
                    assertThat(api.get("/lightcloud/v1/session", fromSecond).status()).isEqualTo(200);
                    other.send("DELETE", "/identity/v3/auth/tokens", fromSecond, null,
                            Map.of("X-Subject-Token", kept));
                    Thread.sleep(2_500);
                    assertThat(api.get("/lightcloud/v1/session", kept).status())
                            .as("a revocation on one controller reaches the other within the refresh interval")
                            .isEqualTo(401);
                }
            }
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--lightcloud.data-dir=" + dataDir,
                "--lightcloud.bootstrap.admin-password=restart-password",
                "--lightcloud.identity.password-hash-rounds=4"));
        args.addAll(TestDatabase.arguments(dataDir.toString()));
        return SpringApplication.run(LightcloudServer.class, args.toArray(String[]::new));
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new ApiClient("http://127.0.0.1:" + port);
    }
}
