package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import io.lightcloud.monitoring.charts.PromQl;
import io.lightcloud.monitoring.inventory.MonitoredInventory;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a project's rules into one Prometheus rule file (a group named after the project). Every expression is
 * scoped to the project's own series ({@code project_id} for server metrics; host metrics are admin-only) and every
 * alert carries {@code rule_id}, {@code project_id} and {@code severity}, by which Alertmanager groups and the
 * receiver finds the rule. A tag scope is expanded to the ids of the servers that carry the tag now.
 */
public final class RuleFileRenderer {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final MonitoredInventory inventory;
    private final Duration rateWindow;

    public RuleFileRenderer(MonitoredInventory inventory, Duration rateWindow) {
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.rateWindow = requireNonNull(rateWindow, "rateWindow is null");
    }

    public String render(String projectId, List<AlertRule> rules) {
        if (rules.isEmpty()) {
            return "# Written by Lightcloud: the project has no alert rules.\ngroups: []\n";
        }
        StringBuilder yaml = new StringBuilder("# Written by Lightcloud from the project's alert rules.\n")
                .append("groups:\n")
                .append("  - name: ").append(q("lightcloud-project-" + projectId)).append('\n')
                .append("    rules:\n");
        for (AlertRule rule : rules) {
            yaml.append("      - alert: ").append(q("lightcloud_" + rule.metric().wire())).append('\n')
                    .append("        expr: ").append(q(expression(rule))).append('\n')
                    .append("        for: ").append(rule.forSeconds()).append("s\n")
                    .append("        labels:\n")
                    .append("          rule_id: ").append(q(rule.id())).append('\n')
                    .append("          project_id: ").append(q(rule.projectId())).append('\n')
                    .append("          severity: ").append(q(rule.severity().wire())).append('\n')
                    .append("        annotations:\n")
                    .append("          value: ").append(q("{{ $value }}")).append('\n');
        }
        return yaml.toString();
    }

    public String expression(AlertRule rule) {
        String query = rule.metric().query(selector(rule), rateWindow);
        if (rule.metric() == AlertMetric.INSTANCE_DOWN) {
            return query + " > 0";
        }
        return query + " " + rule.comparator().symbol() + " " + number(rule.threshold());
    }

    private String selector(AlertRule rule) {
        return switch (rule.scope()) {
            case SERVER -> PromQl.matcher("project_id", rule.projectId()) + ","
                    + PromQl.matcher("instance_id", rule.scopeValue());
            case TAG -> PromQl.matcher("project_id", rule.projectId()) + ","
                    + PromQl.anyOf("instance_id", inventory.serversWithTag(rule.projectId(), rule.scopeValue()));
            case PROJECT -> PromQl.matcher("project_id", rule.projectId());
            case HOST -> PromQl.matcher("host_id", rule.scopeValue());
            case CLOUD -> "";
        };
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String q(String value) {
        return JSON.writeValueAsString(value);
    }
}
