package io.lightcloud.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.monitoring.stack.SupervisedProcess;
import io.lightcloud.server.testing.ApiClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The real Prometheus and Alertmanager under the controller's supervision, finding their targets through it. */
class MonitoringStackTest extends MonitoringTestBase {
    @Test
    void prometheusScrapesTheControllerFoundThroughAuthenticatedDiscovery() {
        ApiClient prometheus = new ApiClient(stack.prometheus().orElseThrow().toString().replaceAll("/$", ""));
        await("the controller target to be up", Duration.ofSeconds(60), () -> {
            JsonNode targets = prometheus.get("/api/v1/targets?state=active", null).json();
            for (JsonNode target : targets.path("data").path("activeTargets")) {
                if (target.path("labels").path("job").asString().equals("lightcloud-controllers")
                        && target.path("health").asString().equals("up")) {
                    return true;
                }
            }
            return false;
        });
        JsonNode up = prometheus.get("/api/v1/query?query=up%7Bjob%3D%22lightcloud-controllers%22%7D", null).json();
        assertThat(up.path("data").path("result").get(0).path("value").get(1).asString()).isEqualTo("1");
    }

    @Test
    void discoveryNeedsTheScrapeCredential() throws Exception {
        String credential = Files.readString(stack.settings().credentialFile()).strip();
        assertThat(api().get("/lightcloud/v1/monitoring/sd/controllers", null).status()).isEqualTo(401);
        assertThat(api().send("GET", "/lightcloud/v1/monitoring/sd/controllers", null, null,
                Map.of("Authorization", "Bearer wrong")).status()).isEqualTo(401);
        ApiClient.Response answer = api().send("GET", "/lightcloud/v1/monitoring/sd/controllers", null, null,
                Map.of("Authorization", "Bearer " + credential));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get(0).path("targets").get(0).asString()).isEqualTo("127.0.0.1:" + port);
        assertThat(api().post("/lightcloud/v1/monitoring/alertmanager/notifications", null, Map.of()).status())
                .isEqualTo(401);
    }

    @Test
    void aKilledPrometheusIsRestarted() {
        SupervisedProcess prometheus = stack.processes().stream()
                .filter(p -> p.pid().isPresent() && ProcessHandle.of(p.pid().get()).orElseThrow().info().command()
                        .orElse("").endsWith("/prometheus"))
                .findFirst().orElseThrow();
        long before = prometheus.pid().orElseThrow();
        int restarts = prometheus.restarts();
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        await("prometheus to be restarted", Duration.ofSeconds(30),
                () -> prometheus.restarts() > restarts && prometheus.pid().isPresent());
        assertThat(prometheus.pid().orElseThrow()).isNotEqualTo(before);
        ApiClient api = new ApiClient(stack.prometheus().orElseThrow().toString().replaceAll("/$", ""));
        await("restarted prometheus to be ready", Duration.ofSeconds(30), () -> {
            try {
                return api.get("/-/ready", null).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }
}
