package io.lightcloud.monitoring.channel;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The built-in notification texts in Chinese and English, so nobody writes a template: a title naming the state, the
 * rule and how many alerts, then one line per server or host with its value. Ids are shown, never names the
 * receiver cannot verify.
 */
public final class MessageTemplates {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneId.of("UTC"));
    private static final Map<String, String> ZH_METRICS = Map.ofEntries(
            Map.entry("cpu_percent", "CPU 使用率 (%)"), Map.entry("memory_rss_bytes", "内存占用 (字节)"),
            Map.entry("disk_read_bytes_per_second", "磁盘读 (字节/秒)"),
            Map.entry("disk_write_bytes_per_second", "磁盘写 (字节/秒)"),
            Map.entry("network_receive_bytes_per_second", "网络接收 (字节/秒)"),
            Map.entry("network_transmit_bytes_per_second", "网络发送 (字节/秒)"),
            Map.entry("instance_down", "实例宕机"), Map.entry("host_cpu_percent", "主机 CPU 使用率 (%)"),
            Map.entry("host_memory_percent", "主机内存使用率 (%)"), Map.entry("host_disk_percent", "主机磁盘使用率 (%)"));

    private MessageTemplates() {
    }

    public static Message render(AlertNotification n, Channel.Language language) {
        boolean zh = language == Channel.Language.ZH_CN;
        boolean firing = n.firing();
        long count = n.alerts().stream().filter(a -> a.firing() == firing).count();
        String state = zh ? (firing ? "【告警】" : "【恢复】") : (firing ? "[FIRING]" : "[RESOLVED]");
        String title = state + " " + n.ruleName() + (count > 1 ? (zh ? "（" + count + " 项）" : " (" + count + ")") : "");
        String metric = zh ? ZH_METRICS.getOrDefault(n.metric(), n.metric()) : n.metric();
        String condition = n.metric().equals("instance_down") ? "" : " " + n.comparator() + " " + number(n.threshold());
        StringBuilder text = new StringBuilder("### ").append(title).append("\n\n")
                .append(zh ? "- 规则：" : "- Rule: ").append(n.ruleName()).append(" (").append(n.ruleId())
                .append(")\n")
                .append(zh ? "- 条件：" : "- Condition: ").append(metric).append(condition).append('\n')
                .append(zh ? "- 级别：" : "- Severity: ").append(n.severity()).append('\n')
                .append(zh ? "- 项目：" : "- Project: ").append(n.projectId()).append("\n\n");
        for (AlertNotification.Alert alert : n.alerts()) {
            String subject = alert.labels().containsKey("instance_id")
                    ? (zh ? "实例 " : "server ") + alert.labels().get("instance_id")
                    : (zh ? "主机 " : "host ") + alert.labels().getOrDefault("host", alert.labels().get("host_id"));
            text.append("- ").append(alert.firing() ? (zh ? "告警中" : "firing") : (zh ? "已恢复" : "resolved"))
                    .append(": ").append(subject);
            if (alert.firing() && alert.value() != null && !alert.value().isBlank()) {
                text.append(zh ? "，当前值 " : ", value ").append(abbreviate(alert.value()));
            }
            if (alert.startsAt() != null) {
                text.append(zh ? "，开始于 " : ", since ").append(TIME.format(alert.startsAt()));
            }
            if (!alert.firing() && alert.endsAt() != null) {
                text.append(zh ? "，恢复于 " : ", resolved at ").append(TIME.format(alert.endsAt()));
            }
            text.append('\n');
        }
        return new Message(title, text.toString());
    }

    private static String abbreviate(String value) {
        try {
            double number = Double.parseDouble(value);
            return number(Math.round(number * 100) / 100.0);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
