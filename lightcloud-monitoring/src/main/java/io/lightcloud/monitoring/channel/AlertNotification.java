package io.lightcloud.monitoring.channel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What one rule's channels are told about one Alertmanager notification: the rule, and its alerts (one per server or
 * host) with their state. {@code payload} is Alertmanager's JSON narrowed to these alerts, for webhooks.
 */
public record AlertNotification(String ruleId, String ruleName, String projectId, String metric, String comparator,
        double threshold, String severity, List<Alert> alerts, JsonNode payload) {
    public AlertNotification {
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(ruleName, "ruleName is null");
        alerts = List.copyOf(alerts);
    }

    public record Alert(String status, Map<String, String> labels, String value, Instant startsAt, Instant endsAt) {
        public boolean firing() {
            return status.equals("firing");
        }
    }

    public boolean firing() {
        return alerts.stream().anyMatch(Alert::firing);
    }
}
