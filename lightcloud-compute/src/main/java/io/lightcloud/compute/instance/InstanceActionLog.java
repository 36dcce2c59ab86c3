package io.lightcloud.compute.instance;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.RequestIds;
import io.lightcloud.common.auth.AuthContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The action log of servers, as Nova keeps it: an action per user request (create, stop, reboot, ...) with the
 * request id and user, and events recording what the controller and the agent did for it. An action finishes when
 * its last event does; an event's result is {@code Success} or {@code Error}.
 */
@Repository
public class InstanceActionLog {
    public static final String SUCCESS = "Success";
    public static final String ERROR = "Error";

    private final JdbcClient jdbc;

    public InstanceActionLog(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** Starts an action for the current request and an event {@code compute_<action>} that the agent finishes. */
    public long start(String instanceId, String action, AuthContext caller) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return startAt(instanceId, action, RequestIds.current(), caller == null ? null : caller.userId(),
                caller == null ? null : caller.projectId(), now);
    }

    /** Starts an action the controller took on its own (a HA restart, a power-state sync). */
    public long startSystem(String instanceId, String action) {
        return startAt(instanceId, action, RequestIds.newId(), null, null, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private long startAt(String instanceId, String action, String requestId, String userId, String projectId,
            OffsetDateTime now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO compute_instance_action (instance_id, action, request_id, user_id, project_id, start_time,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(instanceId, action, requestId, userId, projectId, now, now).update(key, "id");
        long id = requireNonNull(key.getKey(), "no generated action id").longValue();
        jdbc.sql("INSERT INTO compute_instance_action_event (action_id, event, start_time) VALUES (?, ?, ?)")
                .params(id, "compute_" + action.replace('-', '_'), now).update();
        return id;
    }

    /** Finishes the open events of the server's latest unfinished action, with a result and the host. */
    public void finishLatest(String instanceId, String result, String host, String details) {
        Optional<Long> open = jdbc.sql("""
                SELECT id FROM compute_instance_action WHERE instance_id = ? AND finish_time IS NULL
                ORDER BY id DESC LIMIT 1""").param(instanceId).query(Long.class).optional();
        open.ifPresent(id -> finish(id, result, host, details));
    }

    public void finish(long actionId, String result, String host, String details) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                UPDATE compute_instance_action_event SET finish_time = ?, result = ?, host = ?, details = ?
                WHERE action_id = ? AND finish_time IS NULL""")
                .params(now, result, host, truncate(details, 255), actionId).update();
        jdbc.sql("UPDATE compute_instance_action SET finish_time = ?, updated_at = ?, message = ? WHERE id = ?")
                .params(now, now, ERROR.equals(result) ? ERROR : null, actionId).update();
    }

    /** Records a finished event on the latest action, such as a reschedule after a failed build. */
    public void event(String instanceId, String event, String result, String host, String details) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Optional<Long> latest = jdbc.sql("""
                SELECT id FROM compute_instance_action WHERE instance_id = ? ORDER BY id DESC LIMIT 1""")
                .param(instanceId).query(Long.class).optional();
        latest.ifPresent(id -> jdbc.sql("""
                INSERT INTO compute_instance_action_event (action_id, event, host, result, details, start_time,
                    finish_time)
                VALUES (?, ?, ?, ?, ?, ?, ?)""").params(id, event, host, result, truncate(details, 255), now, now)
                .update());
    }

    public List<InstanceAction> list(String instanceId) {
        return jdbc.sql("SELECT * FROM compute_instance_action WHERE instance_id = ? ORDER BY start_time DESC, id DESC")
                .param(instanceId).query(this::map).list();
    }

    public Optional<InstanceAction> find(String instanceId, String requestId) {
        Optional<InstanceAction> action = jdbc.sql("""
                SELECT * FROM compute_instance_action WHERE instance_id = ? AND request_id = ?
                ORDER BY id DESC LIMIT 1""").params(instanceId, requestId).query(this::map).optional();
        return action.map(a -> new InstanceAction(a.id(), a.instanceId(), a.action(), a.requestId(), a.userId(),
                a.projectId(), a.message(), a.startTime(), a.finishTime(), a.updatedAt(), events(a.id())));
    }

    private List<InstanceAction.Event> events(long actionId) {
        List<InstanceAction.Event> events = new ArrayList<>();
        jdbc.sql("SELECT * FROM compute_instance_action_event WHERE action_id = ? ORDER BY id").param(actionId)
                .query(rs -> {
                    events.add(new InstanceAction.Event(rs.getString("event"), rs.getString("host"),
                            rs.getString("result"), rs.getString("details"), rs.getString("traceback"),
                            rs.getObject("start_time", OffsetDateTime.class),
                            rs.getObject("finish_time", OffsetDateTime.class)));
                });
        return events;
    }

    private InstanceAction map(ResultSet rs, int row) throws SQLException {
        return new InstanceAction(rs.getLong("id"), rs.getString("instance_id"), rs.getString("action"),
                rs.getString("request_id"), rs.getString("user_id"), rs.getString("project_id"),
                rs.getString("message"), rs.getObject("start_time", OffsetDateTime.class),
                rs.getObject("finish_time", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                List.of());
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
