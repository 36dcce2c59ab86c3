package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the instance intervals that overlap a period, in Nova's instance order (creation time, then id). */
@Repository
public class InstanceUsageRepository {
    private final JdbcClient jdbc;

    public InstanceUsageRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public List<InstanceInterval> overlapping(UsagePeriod period, UsageFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT u.instance_id, u.project_id, u.user_id, u.flavor_id, u.flavor_name, u.vcpus, u.memory_mb,
                    u.root_gb, u.ephemeral_gb, u.launched_at, u.started_at, u.ended_at, i.name, i.vm_state,
                    i.deleted_at
                FROM compute_usage_interval u JOIN compute_instance i ON i.id = u.instance_id
                WHERE u.started_at < :stop AND (u.ended_at IS NULL OR u.ended_at > :start)""");
        Map<String, Object> params = new HashMap<>();
        params.put("start", period.start().atOffset(ZoneOffset.UTC));
        params.put("stop", period.stop().atOffset(ZoneOffset.UTC));
        if (filter.projectId() != null) {
            sql.append(" AND u.project_id = :project");
            params.put("project", filter.projectId());
        }
        if (filter.userId() != null) {
            sql.append(" AND u.user_id = :user");
            params.put("user", filter.userId());
        }
        if (filter.instanceId() != null) {
            sql.append(" AND u.instance_id = :instance");
            params.put("instance", filter.instanceId());
        }
        sql.append(" ORDER BY i.created_at, i.id, u.started_at");
        return jdbc.sql(sql.toString()).params(params).query(InstanceUsageRepository::map).list();
    }

    private static InstanceInterval map(ResultSet rs, int row) throws SQLException {
        return new InstanceInterval(rs.getString("instance_id"), rs.getString("project_id"), rs.getString("user_id"),
                rs.getString("name"), rs.getString("vm_state"), rs.getObject("deleted_at") != null,
                instant(rs.getObject("launched_at", OffsetDateTime.class)), rs.getString("flavor_id"),
                rs.getString("flavor_name"),
                rs.getInt("vcpus"), rs.getLong("memory_mb"), rs.getLong("root_gb") + rs.getLong("ephemeral_gb"),
                instant(rs.getObject("started_at", OffsetDateTime.class)),
                instant(rs.getObject("ended_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
