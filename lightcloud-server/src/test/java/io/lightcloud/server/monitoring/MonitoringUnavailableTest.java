package io.lightcloud.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared test server runs without Prometheus and Alertmanager: charts and silences answer 503 with a message
 * that says what is missing, while rules can still be kept (the files are written for when Prometheus comes).
 */
class MonitoringUnavailableTest extends ServerTestBase {
    @Test
    void chartsAndSilencesAre503WithAClearMessage() {
        ApiClient api = api();
        String admin = adminToken();
        ApiClient.Response charts = api.get("/lightcloud/v1/monitoring/cloud/charts?range=6h", admin);
        assertThat(charts.status()).as(charts.text()).isEqualTo(503);
        assertThat(charts.json().path("error").path("message").asString()).contains("no Prometheus is configured");
        ApiClient.Response silences = api.get("/lightcloud/v1/alert-silences", admin);
        assertThat(silences.status()).isEqualTo(503);
        assertThat(silences.json().path("error").path("message").asString())
                .contains("no Alertmanager is configured");
        assertThat(api.get("/lightcloud/v1/monitoring/cloud/charts?range=2h", admin).status()).isEqualTo(400);
        assertThat(api.get("/compute/v2.1/servers", admin).status()).isEqualTo(200);
        ApiClient.Response rule = api.post("/lightcloud/v1/alert-rules", admin, Map.of("alert_rule", Map.of(
                "name", "down", "metric", "instance_down", "scope", Map.of("type", "project"))));
        assertThat(rule.status()).as(rule.text()).isEqualTo(201);
    }
}
