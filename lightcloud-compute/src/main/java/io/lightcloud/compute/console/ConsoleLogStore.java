package io.lightcloud.compute.console;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The serial console logs agents push. An agent sends the current tail of a server's log (full state, not a
 * delta), which replaces what is stored; so a push can be repeated or lost without harm, and a restarted agent
 * simply pushes again.
 */
@Component
public class ConsoleLogStore {
    public static final int MAX_CHARS = 102_400;

    private final JdbcClient jdbc;

    public ConsoleLogStore(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** Stores the tail of a server's console log, keeping its last {@value #MAX_CHARS} characters. */
    public void replace(String instanceId, String tail) {
        String content = tail.length() > MAX_CHARS ? tail.substring(tail.length() - MAX_CHARS) : tail;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int updated = jdbc.sql("UPDATE compute_console_log SET content = ?, total_bytes = ?, updated_at = ? "
                + "WHERE instance_id = ?").params(content, (long) content.length(), now, instanceId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO compute_console_log (instance_id, content, total_bytes, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING").params(instanceId, content, (long) content.length(), now).update();
        }
    }
}
