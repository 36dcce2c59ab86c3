package io.lightcloud.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.monitoring.channel.DingTalkSender;
import io.lightcloud.server.testing.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lightcloud's share of alert latency: from Alertmanager's webhook POST reaching the controller to the DingTalk
 * receiver holding the message (record the events, render, sign, send), next to the baseline of posting the same
 * message straight to the receiver. 18 rounds, under the robot's 20-a-minute limit. Prints the figures; asserts
 * nothing about time (bench/alert-latency-bench.sh runs it).
 */
class AlertDispatchBenchmark extends MonitoringTestBase {
    @Test
    void dispatchShare() throws Exception {
        ApiClient api = api();
        String admin = adminToken();
        String credential = Files.readString(stack.settings().credentialFile()).strip();
        String project = api.get("/identity/v3/projects?name=admin", admin).json().at("/projects/0/id").asString();
        HttpClient http = HttpClient.newHttpClient();
        try (DingTalkReceiver robot = new DingTalkReceiver("SEC-bench")) {
            String channel = api.post("/lightcloud/v1/alert-channels", admin, Map.of("alert_channel", Map.of(
                    "name", "bench", "type", "dingtalk", "config", Map.of("url", robot.url(), "secret",
                            "SEC-bench")))).json().at("/alert_channel/id").asString();
            String rule = api.post("/lightcloud/v1/alert-rules", admin, Map.of("alert_rule", Map.of("name", "bench",
                    "metric", "instance_down", "scope", Map.of("type", "project"), "channel_ids",
                    List.of(channel)))).json().at("/alert_rule/id").asString();
            List<Long> lightcloud = new ArrayList<>();
            List<Long> direct = new ArrayList<>();
            for (int i = 0; i < 18; i++) {
                String payload = JsonMapper.builder().build().writeValueAsString(Map.of("version", "4", "status",
                        "firing", "receiver", "lightcloud", "alerts", List.of(Map.of("status", "firing",
                                "labels", Map.of("alertname", "lightcloud_instance_down", "rule_id", rule,
                                        "project_id", project, "instance_id", UUID.randomUUID().toString()),
                                "annotations", Map.of("value", "1"), "startsAt", "2026-12-07T20:00:00Z",
                                "fingerprint", Integer.toHexString(i)))));
                int before = robot.accepted().size();
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/lightcloud/v1/monitoring/alertmanager/notifications"))
                        .header("Authorization", "Bearer " + credential).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                while (robot.accepted().size() == before) {
                    Thread.sleep(1);
                }
                lightcloud.add(System.nanoTime() - started);

                String message = JsonMapper.builder().build().writeValueAsString(robot.accepted().get(before));
                long timestamp = System.currentTimeMillis();
                started = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(robot.url() + "&timestamp=" + timestamp + "&sign="
                                + DingTalkSender.sign(timestamp, "SEC-bench")))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(message))
                        .build(), HttpResponse.BodyHandlers.discarding());
                direct.add(System.nanoTime() - started);
            }
            System.out.printf("rounds=18 lightcloud_dispatch_ms p50=%.1f max=%.1f direct_post_ms p50=%.1f max=%.1f "
                    + "ratio_p50=%.1f%n", p50(lightcloud), max(lightcloud), p50(direct), max(direct),
                    p50(lightcloud) / p50(direct));
        }
    }

    private static double p50(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    private static double max(List<Long> nanos) {
        return Collections.max(nanos) / 1e6;
    }
}
