package io.lightcloud.volume.quota;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Quota limits set by admins and the usage counters that reservations update conditionally. */
@Repository
public class QuotaRepository {
    private final JdbcClient jdbc;

    public QuotaRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<Long> limit(String projectId, QuotaKey key) {
        return jdbc.sql("SELECT hard_limit FROM volume_quota_limit WHERE project_id = ? AND resource = ? AND type_id = ?")
                .params(projectId, key.resource(), key.typeId()).query(Long.class).optional();
    }

    public Map<QuotaKey, Long> limits(String projectId) {
        return counters("SELECT resource, type_id, hard_limit FROM volume_quota_limit WHERE project_id = ?", projectId);
    }

    public void setLimit(String projectId, QuotaKey key, long limit) {
        jdbc.sql("INSERT INTO volume_quota_limit (project_id, resource, type_id, hard_limit) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING").params(projectId, key.resource(), key.typeId(), limit).update();
        jdbc.sql("UPDATE volume_quota_limit SET hard_limit = ? WHERE project_id = ? AND resource = ? AND type_id = ?")
                .params(limit, projectId, key.resource(), key.typeId()).update();
    }

    public void deleteLimits(String projectId) {
        jdbc.sql("DELETE FROM volume_quota_limit WHERE project_id = ?").param(projectId).update();
    }

    public Map<QuotaKey, Long> usage(String projectId) {
        return counters("SELECT resource, type_id, in_use FROM volume_quota_usage WHERE project_id = ?", projectId);
    }

    public long usage(String projectId, QuotaKey key) {
        return jdbc.sql("SELECT in_use FROM volume_quota_usage WHERE project_id = ? AND resource = ? AND type_id = ?")
                .params(projectId, key.resource(), key.typeId()).query(Long.class).optional().orElse(0L);
    }

    /**
     * Adds {@code delta} to a usage counter if the result stays within {@code limit} (-1: unlimited; releases, with a
     * negative delta, always succeed and never go below zero). One conditional UPDATE: the row lock it takes makes
     * concurrent reservations queue, and each re-checks the condition against the committed count.
     *
     * @return whether the counter changed
     */
    public boolean add(String projectId, QuotaKey key, long delta, long limit) {
        jdbc.sql("INSERT INTO volume_quota_usage (project_id, resource, type_id, in_use) VALUES (?, ?, ?, 0)"
                + " ON CONFLICT DO NOTHING").params(projectId, key.resource(), key.typeId()).update();
        return jdbc.sql("""
                UPDATE volume_quota_usage SET in_use = GREATEST(in_use + :delta, 0)
                WHERE project_id = :project AND resource = :resource AND type_id = :type
                  AND (:delta <= 0 OR :limit < 0 OR in_use + :delta <= :limit)""")
                .param("delta", delta).param("limit", limit).param("project", projectId)
                .param("resource", key.resource()).param("type", key.typeId()).update() == 1;
    }

    private Map<QuotaKey, Long> counters(String sql, String projectId) {
        Map<QuotaKey, Long> counters = new HashMap<>();
        jdbc.sql(sql).param(projectId)
                .query((rs, row) -> Map.entry(new QuotaKey(rs.getString(1), rs.getString(2)), rs.getLong(3))).list()
                .forEach(e -> counters.put(e.getKey(), e.getValue()));
        return counters;
    }
}
