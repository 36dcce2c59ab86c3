package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Alert rules in {@code monitoring_alert_rule}. */
public class AlertRuleRepository {
    private static final String COLUMNS = "id, project_id, name, metric, scope_type, scope_value, comparator, "
            + "threshold, for_seconds, severity, channel_ids, created_at, updated_at";

    private final JdbcClient jdbc;

    public AlertRuleRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(AlertRule rule) {
        jdbc.sql("INSERT INTO monitoring_alert_rule (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(rule.id(), rule.projectId(), rule.name(), rule.metric().wire(), rule.scope().wire(),
                        rule.scopeValue(), rule.comparator().symbol(), rule.threshold(), rule.forSeconds(),
                        rule.severity().wire(), String.join(",", rule.channelIds()),
                        Timestamp.from(rule.createdAt()), Timestamp.from(rule.updatedAt()))
                .update();
    }

    public void update(AlertRule rule) {
        jdbc.sql("UPDATE monitoring_alert_rule SET name = ?, metric = ?, scope_type = ?, scope_value = ?, "
                        + "comparator = ?, threshold = ?, for_seconds = ?, severity = ?, channel_ids = ?, updated_at = ?"
                        + " WHERE id = ?")
                .params(rule.name(), rule.metric().wire(), rule.scope().wire(), rule.scopeValue(),
                        rule.comparator().symbol(), rule.threshold(), rule.forSeconds(), rule.severity().wire(),
                        String.join(",", rule.channelIds()), Timestamp.from(rule.updatedAt()), rule.id())
                .update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM monitoring_alert_rule WHERE id = ?").param(id).update();
    }

    public Optional<AlertRule> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monitoring_alert_rule WHERE id = ?").param(id)
                .query(AlertRuleRepository::map).optional();
    }

    public List<AlertRule> ofProject(String projectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monitoring_alert_rule WHERE project_id = ? ORDER BY created_at, id")
                .param(projectId).query(AlertRuleRepository::map).list();
    }

    public List<AlertRule> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monitoring_alert_rule ORDER BY project_id, created_at, id")
                .query(AlertRuleRepository::map).list();
    }

    public List<String> projects() {
        return jdbc.sql("SELECT DISTINCT project_id FROM monitoring_alert_rule ORDER BY project_id")
                .query(String.class).list();
    }

    private static AlertRule map(ResultSet rs, int row) throws SQLException {
        String channels = rs.getString("channel_ids");
        return new AlertRule(rs.getString("id"), rs.getString("project_id"), rs.getString("name"),
                AlertMetric.parse(rs.getString("metric")).orElseThrow(),
                AlertRule.Scope.valueOf(rs.getString("scope_type").toUpperCase(Locale.ROOT)),
                rs.getString("scope_value"), AlertRule.Comparator.parse(rs.getString("comparator")).orElseThrow(),
                rs.getDouble("threshold"), rs.getInt("for_seconds"),
                AlertRule.Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
                channels.isEmpty() ? List.of() : Arrays.asList(channels.split(",")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
