package io.lightcloud.compute.quota;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hard limits: a project's own limit where the admin set one, else the configured default
 * ({@code lightcloud.compute.quota.<resource>}, such as {@code lightcloud.compute.quota.instances}), else Nova's.
 */
@Component
public class QuotaLimits {
    private final JdbcClient jdbc;
    private final Map<QuotaResource, Long> defaults;

    public QuotaLimits(JdbcClient jdbc, Environment environment) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        Map<QuotaResource, Long> configured = new EnumMap<>(QuotaResource.class);
        for (QuotaResource resource : QuotaResource.values()) {
            configured.put(resource, environment.getProperty("lightcloud.compute.quota." + resource.key(), Long.class,
                    resource.defaultLimit()));
        }
        this.defaults = Map.copyOf(configured);
    }

    public Map<QuotaResource, Long> defaults() {
        return new EnumMap<>(defaults);
    }

    public Map<QuotaResource, Long> forProject(String projectId) {
        Map<QuotaResource, Long> limits = defaults();
        if (projectId == null) {
            return limits;
        }
        jdbc.sql("SELECT resource, hard_limit FROM compute_quota_limit WHERE project_id = ?").param(projectId)
                .query(rs -> {
                    long limit = rs.getLong("hard_limit");
                    QuotaResource.byKey(rs.getString("resource")).ifPresent(r -> limits.put(r, limit));
                });
        return limits;
    }

    public long limit(String projectId, QuotaResource resource) {
        return forProject(projectId).get(resource);
    }

    public void set(String projectId, QuotaResource resource, long limit) {
        int updated = jdbc.sql("UPDATE compute_quota_limit SET hard_limit = ? WHERE project_id = ? AND resource = ?")
                .params(limit, projectId, resource.key()).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO compute_quota_limit (project_id, resource, hard_limit) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""").params(projectId, resource.key(), limit).update();
            jdbc.sql("UPDATE compute_quota_limit SET hard_limit = ? WHERE project_id = ? AND resource = ?")
                    .params(limit, projectId, resource.key()).update();
        }
    }

    public void reset(String projectId) {
        jdbc.sql("DELETE FROM compute_quota_limit WHERE project_id = ?").param(projectId).update();
    }
}
