package io.lightcloud.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alert rules and channels that must be refused, against the real promtool: each bad rule is a 400 and the project's
 * live rule file and rule list stay exactly as they were; host metrics are for admins; other projects see nothing.
 */
class AlertRuleValidationTest extends MonitoringTestBase {
    private ApiClient api;
    private String admin;
    private Tenant a;
    private Tenant b;

    record Tenant(String projectId, String token) {
    }

    @BeforeEach
    void tenants() {
        api = api();
        admin = adminToken();
        a = tenant("rules-a-" + UUID.randomUUID().toString().substring(0, 6));
        b = tenant("rules-b-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    void badRulesAre400AndLeaveTheRunningRuleSetUntouched() throws Exception {
        ApiClient.Response good = api.post("/lightcloud/v1/alert-rules", a.token(), rule(Map.of()));
        assertThat(good.status()).as(good.text()).isEqualTo(201);
        Path file = stack.settings().rulesDir().resolve("project-" + a.projectId() + ".yml");
        String live = Files.readString(file);
        assertThat(live).contains("lightcloud_memory_rss_bytes").contains("> 1000000");

        List<Map<String, Object>> bad = List.of(
                Map.of("metric", "load_average"),
                Map.of("for_seconds", -30),
                Map.of("threshold", "eighty"),
                Map.of("threshold", "80"),
                Map.of("comparator", "=~"),
                Map.of("scope", Map.of("type", "galaxy")),
                Map.of("scope", Map.of("type", "tag", "value", "a/b")),
                Map.of("severity", "apocalyptic"),
                Map.of("channel_ids", List.of(UUID.randomUUID().toString())));
        for (Map<String, Object> change : bad) {
            ApiClient.Response refused = api.post("/lightcloud/v1/alert-rules", a.token(), rule(change));
            assertThat(refused.status()).as(change + " -> " + refused.text()).isEqualTo(400);
            assertThat(refused.json().path("error").path("message").asString()).isNotBlank();
        }
        assertThat(api.post("/lightcloud/v1/alert-rules", a.token(), "{not json").status()).isEqualTo(400);
        assertThat(api.post("/lightcloud/v1/alert-rules", a.token(), rule(Map.of("scope",
                Map.of("type", "server", "value", UUID.randomUUID().toString())))).status()).isEqualTo(404);

        assertThat(Files.readString(file)).isEqualTo(live);
        assertThat(api.get("/lightcloud/v1/alert-rules", a.token()).json().get("alert_rules")).hasSize(1);
        assertThat(Files.list(stack.settings().rulesDir()).map(p -> p.getFileName().toString()))
                .noneMatch(name -> name.contains("candidate"));
    }

    @Test
    void hostRulesAreForAdminsAndProjectsAreIsolated() {
        ApiClient.Response hostRule = api.post("/lightcloud/v1/alert-rules", a.token(), rule(Map.of(
                "metric", "host_cpu_percent", "scope", Map.of("type", "cloud"))));
        assertThat(hostRule.status()).as(hostRule.text()).isEqualTo(403);
        assertThat(api.get("/lightcloud/v1/alert-rules/metrics", a.token()).text()).doesNotContain("host_cpu");
        ApiClient.Response adminRule = api.post("/lightcloud/v1/alert-rules", admin, rule(Map.of(
                "metric", "host_cpu_percent", "scope", Map.of("type", "cloud"))));
        assertThat(adminRule.status()).as(adminRule.text()).isEqualTo(201);

        ApiClient.Response created = api.post("/lightcloud/v1/alert-rules", a.token(), rule(Map.of()));
        String id = created.json().at("/alert_rule/id").asString();
        assertThat(api.get("/lightcloud/v1/alert-rules/" + id, b.token()).status()).isEqualTo(404);
        assertThat(api.put("/lightcloud/v1/alert-rules/" + id, b.token(), rule(Map.of())).status()).isEqualTo(404);
        assertThat(api.delete("/lightcloud/v1/alert-rules/" + id, b.token()).status()).isEqualTo(404);
        assertThat(api.get("/lightcloud/v1/alert-rules", b.token()).json().get("alert_rules")).isEmpty();
        assertThat(api.post("/lightcloud/v1/alert-silences", b.token(), Map.of("alert_silence", Map.of(
                "rule_id", id, "duration_seconds", 600))).status()).isEqualTo(404);
        assertThat(api.get("/lightcloud/v1/monitoring/cloud/charts", a.token()).status()).isEqualTo(403);
        assertThat(api.get("/lightcloud/v1/monitoring/servers/" + UUID.randomUUID() + "/charts", a.token())
                .status()).isEqualTo(404);
        assertThat(api.get("/lightcloud/v1/alert-rules", null).status()).isEqualTo(401);

        ApiClient.Response silence = api.post("/lightcloud/v1/alert-silences", a.token(), Map.of("alert_silence",
                Map.of("rule_id", id, "duration_seconds", 600, "comment", "maintenance")));
        assertThat(silence.status()).as(silence.text()).isEqualTo(201);
        String silenceId = silence.json().at("/alert_silence/id").asString();
        assertThat(api.get("/lightcloud/v1/alert-silences", a.token()).json().get("alert_silences")).hasSize(1);
        assertThat(api.get("/lightcloud/v1/alert-silences", b.token()).json().get("alert_silences")).isEmpty();
        assertThat(api.delete("/lightcloud/v1/alert-silences/" + silenceId, b.token()).status()).isEqualTo(404);
        assertThat(api.delete("/lightcloud/v1/alert-silences/" + silenceId, a.token()).status()).isEqualTo(204);

        assertThat(api.delete("/lightcloud/v1/alert-rules/" + id, a.token()).status()).isEqualTo(204);
        assertThat(api.get("/lightcloud/v1/alert-rules/" + id, a.token()).status()).isEqualTo(404);
    }

    @Test
    void channelsAreValidatedAndTheirSecretsNeverShown() {
        ApiClient.Response noUrl = api.post("/lightcloud/v1/alert-channels", a.token(), Map.of("alert_channel",
                Map.of("name", "x", "type", "dingtalk", "config", Map.of("url", "ftp://robot"))));
        assertThat(noUrl.status()).as(noUrl.text()).isEqualTo(400);
        ApiClient.Response badType = api.post("/lightcloud/v1/alert-channels", a.token(), Map.of("alert_channel",
                Map.of("name", "x", "type", "pager", "config", Map.of())));
        assertThat(badType.status()).isEqualTo(400);
        ApiClient.Response badMail = api.post("/lightcloud/v1/alert-channels", a.token(), Map.of("alert_channel",
                Map.of("name", "x", "type", "email", "config", Map.of("host", "smtp.example.test",
                        "from", "not an address", "to", List.of("ops@example.test")))));
        assertThat(badMail.status()).isEqualTo(400);
        ApiClient.Response hook = api.post("/lightcloud/v1/alert-channels", a.token(), Map.of("alert_channel",
                Map.of("name", "hook", "type", "webhook", "language", "en", "config",
                        Map.of("url", "http://127.0.0.1:9/hook?token=abc", "secret", "hush"))));
        assertThat(hook.status()).as(hook.text()).isEqualTo(201);
        assertThat(hook.text()).doesNotContain("hush").doesNotContain("token=abc");
        String id = hook.json().at("/alert_channel/id").asString();
        ApiClient.Response renamed = api.put("/lightcloud/v1/alert-channels/" + id, a.token(), Map.of(
                "alert_channel", Map.of("name", "renamed")));
        assertThat(renamed.json().at("/alert_channel/config/secret_set").asBoolean()).isTrue();
        assertThat(api.get("/lightcloud/v1/alert-channels/" + id, b.token()).status()).isEqualTo(404);
        ApiClient.Response failed = api.post("/lightcloud/v1/alert-channels/" + id + "/test", a.token(), null);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().at("/test/delivered").asBoolean()).isFalse();
        assertThat(failed.json().at("/test/error").asString()).contains("ConnectException");
    }

    private Map<String, Object> rule(Map<String, Object> change) {
        Map<String, Object> rule = new HashMap<>(Map.of("name", "big memory", "metric", "memory_rss_bytes",
                "scope", Map.of("type", "project"), "comparator", ">", "threshold", 1_000_000, "for_seconds", 60,
                "severity", "warning"));
        rule.putAll(change);
        return Map.of("alert_rule", rule);
    }

    private Tenant tenant(String name) {
        ApiClient.Response project = api.post("/identity/v3/projects", admin,
                Map.of("project", Map.of("name", name, "domain_id", "default")));
        String projectId = project.json().at("/project/id").asString();
        ApiClient.Response user = api.post("/identity/v3/users", admin,
                Map.of("user", Map.of("name", name + "-user", "password", "pw-" + name, "domain_id", "default")));
        String memberRole = api.get("/identity/v3/roles?name=member", admin).json().at("/roles/0/id").asString();
        api.put("/identity/v3/projects/" + projectId + "/users/" + user.json().at("/user/id").asString() + "/roles/"
                + memberRole, admin, null);
        return new Tenant(projectId, api.token(name + "-user", "pw-" + name, name));
    }
}
