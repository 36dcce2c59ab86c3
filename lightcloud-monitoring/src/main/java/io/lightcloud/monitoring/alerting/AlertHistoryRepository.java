package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

/** Alert events ({@code monitoring_alert_event}) and who was notified of them ({@code monitoring_delivery}). */
public class AlertHistoryRepository {
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public AlertHistoryRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public void insertEvent(String id, String projectId, String ruleId, String fingerprint, String status,
            Map<String, String> labels, String value, Instant startsAt, Instant endsAt, Instant receivedAt) {
        jdbc.sql("INSERT INTO monitoring_alert_event (id, project_id, rule_id, fingerprint, status, labels, alert_value,"
                        + " starts_at, ends_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, projectId, ruleId, fingerprint, status, mapper.writeValueAsString(labels), value,
                        timestamp(startsAt), timestamp(endsAt), Timestamp.from(receivedAt))
                .update();
    }

    public void insertDelivery(String id, String eventId, String channelId, String status, int attempts, String error,
            Instant finishedAt) {
        jdbc.sql("INSERT INTO monitoring_delivery (id, event_id, channel_id, status, attempts, error, finished_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, eventId, channelId, status, attempts,
                        error == null ? null : error.substring(0, Math.min(error.length(), 1024)),
                        Timestamp.from(finishedAt))
                .update();
    }

    /** A project's most recent events (newest first), optionally of one rule, each with its deliveries. */
    public List<Map<String, Object>> events(String projectId, String ruleId, int limit) {
        List<Map<String, Object>> events = jdbc.sql("SELECT id, rule_id, fingerprint, status, labels, alert_value, starts_at,"
                        + " ends_at, received_at FROM monitoring_alert_event WHERE project_id = ?"
                        + (ruleId == null ? "" : " AND rule_id = ?") + " ORDER BY seq DESC LIMIT " + limit)
                .params(ruleId == null ? List.of(projectId) : List.of(projectId, ruleId))
                .query((rs, row) -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("id", rs.getString("id"));
                    event.put("rule_id", rs.getString("rule_id"));
                    event.put("fingerprint", rs.getString("fingerprint"));
                    event.put("status", rs.getString("status"));
                    event.put("labels", mapper.readTree(rs.getString("labels")));
                    event.put("value", rs.getString("alert_value"));
                    event.put("starts_at", instant(rs.getTimestamp("starts_at")));
                    event.put("ends_at", instant(rs.getTimestamp("ends_at")));
                    event.put("received_at", instant(rs.getTimestamp("received_at")));
                    event.put("deliveries", new ArrayList<Map<String, Object>>());
                    return event;
                }).list();
        for (Map<String, Object> event : events) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> deliveries = (List<Map<String, Object>>) event.get("deliveries");
            deliveries.addAll(jdbc.sql("SELECT channel_id, status, attempts, error, finished_at FROM monitoring_delivery"
                            + " WHERE event_id = ? ORDER BY finished_at")
                    .param(event.get("id"))
                    .query((rs, row) -> {
                        Map<String, Object> delivery = new LinkedHashMap<>();
                        delivery.put("channel_id", rs.getString("channel_id"));
                        delivery.put("status", rs.getString("status"));
                        delivery.put("attempts", rs.getInt("attempts"));
                        delivery.put("error", rs.getString("error"));
                        delivery.put("finished_at", instant(rs.getTimestamp("finished_at")));
                        return delivery;
                    }).list());
        }
        return events;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().toString();
    }
}
