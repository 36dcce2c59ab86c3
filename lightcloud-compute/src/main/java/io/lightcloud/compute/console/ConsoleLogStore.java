package io.lightcloud.compute.console;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The serial console logs agents push, kept as the last {@value #MAX_CHARS} characters per server. Appends are
 * idempotent by the agent's file offset: a chunk that overlaps what is stored is trimmed, one that leaves a gap is
 * refused with the offset the agent must resend from. A reset starts a new file (the agent recreated the log) while
 * keeping the old tail, so the output of earlier boots stays readable.
 */
@Component
public class ConsoleLogStore {
    static final int MAX_CHARS = 262_144;

    private final JdbcClient jdbc;

    public ConsoleLogStore(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** The outcome of an append: whether it was accepted, and the file offset the controller has now. */
    public record Appended(boolean accepted, long offset) {
    }

    /** Runs in the caller's transaction. */
    public Appended append(String instanceId, long offset, boolean reset, byte[] data) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO compute_console_log (instance_id, content, total_bytes, updated_at) VALUES (?, '', 0, ?) "
                + "ON CONFLICT DO NOTHING").params(instanceId, now).update();
        record Stored(String content, long total) {
        }
        Stored stored = jdbc.sql("SELECT content, total_bytes FROM compute_console_log WHERE instance_id = ? FOR UPDATE")
                .param(instanceId).query((rs, row) -> new Stored(rs.getString("content"), rs.getLong("total_bytes")))
                .single();
        long current = reset ? 0 : stored.total();
        if (offset > current) {
            return new Appended(false, current);
        }
        long end = offset + data.length;
        if (end <= current) {
            return new Appended(true, current);
        }
        int skip = (int) (current - offset);
        String fresh = new String(data, skip, data.length - skip, StandardCharsets.UTF_8);
        String content = stored.content() + fresh;
        if (content.length() > MAX_CHARS) {
            content = content.substring(content.length() - MAX_CHARS);
        }
        jdbc.sql("UPDATE compute_console_log SET content = ?, total_bytes = ?, updated_at = ? WHERE instance_id = ?")
                .params(content, end, now, instanceId).update();
        return new Appended(true, end);
    }

    public long offset(String instanceId) {
        return jdbc.sql("SELECT total_bytes FROM compute_console_log WHERE instance_id = ?").param(instanceId)
                .query(Long.class).optional().orElse(0L);
    }
}
