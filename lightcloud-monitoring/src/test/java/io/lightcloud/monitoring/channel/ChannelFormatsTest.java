package io.lightcloud.monitoring.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ChannelFormatsTest {
    @Test
    void dingTalkSignatureMatchesAnIndependentComputation() {
        // Computed independently (Python: base64(hmac.new(secret, f"{ts}\n{secret}", sha256)), then quote_plus).
        assertThat(DingTalkSender.sign(1700000000000L, "SECabc"))
                .isEqualTo("jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM%3D");
        assertThat(DingTalkSender.signed("https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc",
                1700000000000L)).isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp="
                        + "1700000000000&sign=jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM%3D");
    }

    @Test
    void truncationKeepsWholeCharactersWithinTheByteBudget() {
        String text = "告警".repeat(5000);
        String cut = Utf8.truncate(text, 4096, "…");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat(cut).endsWith("…").doesNotContain("\uFFFD");
        assertThat(Utf8.truncate("short", 4096, "…")).isEqualTo("short");
    }

    @Test
    void templatesNameStateRuleAndEveryServerInBothLanguages() {
        AlertNotification firing = new AlertNotification("r1", "CPU busy", "p1", "cpu_percent", ">", 80, "critical",
                List.of(new AlertNotification.Alert("firing", Map.of("instance_id", "vm-1"), "97.123",
                        Instant.parse("2026-12-07T10:00:00Z"), null),
                        new AlertNotification.Alert("firing", Map.of("instance_id", "vm-2"), "88",
                                Instant.parse("2026-12-07T10:00:05Z"), null)),
                JsonMapper.builder().build().createObjectNode());
        Message zh = MessageTemplates.render(firing, Channel.Language.ZH_CN);
        Message en = MessageTemplates.render(firing, Channel.Language.EN);
        assertThat(zh.title()).isEqualTo("【告警】 CPU busy（2 项）");
        assertThat(zh.markdown()).contains("CPU 使用率 (%) > 80").contains("实例 vm-1，当前值 97.12")
                .contains("实例 vm-2");
        assertThat(en.title()).isEqualTo("[FIRING] CPU busy (2)");
        assertThat(en.markdown()).contains("cpu_percent > 80").contains("server vm-1, value 97.12, since "
                + "2026-12-07 10:00:00 UTC");
    }

    @Test
    void webhookSignatureIsHexHmacOfTimestampAndBody() {
        // Python: hmac.new(b"key", b"1700000000.{}", hashlib.sha256).hexdigest()
        assertThat(WebhookSender.hmac("key", "1700000000.{}"))
                .isEqualTo("9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
    }
}
