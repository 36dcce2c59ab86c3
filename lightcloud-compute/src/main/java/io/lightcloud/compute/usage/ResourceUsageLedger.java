package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Brings the open intervals of one resource kind in line with the resources that exist: opens one for a new
 * resource (from its creation when it has no interval yet), closes and reopens on a size or type change, closes one
 * whose resource is gone. Precision is the sweep interval for changes and deletions. Idempotent; a concurrent sweep
 * on another controller loses the race on the unique open key and changes nothing.
 */
@Component
public class ResourceUsageLedger {
    private static final Logger log = LoggerFactory.getLogger(ResourceUsageLedger.class);

    private final JdbcClient jdbc;

    public ResourceUsageLedger(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void reconcile(ResourceKind kind, List<MeteredResource> current, Instant now) {
        Map<String, Open> open = new HashMap<>();
        jdbc.sql("SELECT id, open_key, subtype, size_gb FROM compute_usage_resource_interval WHERE kind = ? "
                + "AND open_key IS NOT NULL").param(kind.code())
                .query((rs, n) -> new Open(rs.getLong("id"), rs.getString("open_key"), rs.getString("subtype"),
                        rs.getDouble("size_gb")))
                .list().forEach(o -> open.put(o.key(), o));
        for (MeteredResource resource : current) {
            Open existing = open.remove(resource.openKey());
            if (existing == null) {
                boolean first = jdbc.sql("SELECT COUNT(*) FROM compute_usage_resource_interval WHERE kind = ? "
                        + "AND resource_id = ?").params(kind.code(), resource.id()).query(Long.class).single() == 0;
                open(resource, first && resource.createdAt().isBefore(now) ? resource.createdAt() : now);
            } else if (existing.sizeGb() != resource.sizeGb()
                    || !String.valueOf(existing.subtype()).equals(String.valueOf(resource.subtype()))) {
                close(existing, now, "size or type changed");
                open(resource, now);
            }
        }
        for (Open gone : open.values()) {
            close(gone, now, "deleted");
        }
    }

    private void open(MeteredResource r, Instant at) {
        try {
            jdbc.sql("""
                    INSERT INTO compute_usage_resource_interval (kind, resource_id, project_id, user_id, subtype,
                        size_gb, started_at, open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(r.kind().code(), r.id(), r.projectId(), r.userId(), r.subtype(), r.sizeGb(),
                            at.atOffset(ZoneOffset.UTC), r.openKey())
                    .update();
            log.info("Usage interval opened kind={} resource_id={} project_id={} subtype={} size_gb={} at={}",
                    r.kind().code(), r.id(), r.projectId(), r.subtype(), r.sizeGb(), at);
        } catch (DuplicateKeyException e) {
            log.debug("Usage interval already opened by another sweep key={}", r.openKey());
        }
    }

    private void close(Open open, Instant at, String reason) {
        int closed = jdbc.sql("""
                UPDATE compute_usage_resource_interval SET ended_at = GREATEST(started_at, ?), open_key = NULL
                WHERE id = ? AND open_key IS NOT NULL""")
                .params(at.atOffset(ZoneOffset.UTC), open.id()).update();
        if (closed > 0) {
            log.info("Usage interval closed key={} reason=\"{}\" at={}", open.key(), reason, at);
        }
    }

    /** The resource intervals of a kind overlapping a period. */
    public List<ResourceInterval> overlapping(UsagePeriod period, UsageFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT kind, resource_id, project_id, user_id, subtype, size_gb, started_at, ended_at
                FROM compute_usage_resource_interval WHERE started_at < :stop AND (ended_at IS NULL OR ended_at > :start)""");
        Map<String, Object> params = new HashMap<>();
        params.put("start", period.start().atOffset(ZoneOffset.UTC));
        params.put("stop", period.stop().atOffset(ZoneOffset.UTC));
        if (filter.projectId() != null) {
            sql.append(" AND project_id = :project");
            params.put("project", filter.projectId());
        }
        if (filter.userId() != null) {
            sql.append(" AND user_id = :user");
            params.put("user", filter.userId());
        }
        sql.append(" ORDER BY kind, started_at, resource_id");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new ResourceInterval(ResourceKind.ofCode(rs.getString("kind")),
                        rs.getString("resource_id"), rs.getString("project_id"), rs.getString("user_id"),
                        rs.getString("subtype"), rs.getDouble("size_gb"),
                        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                        endedAt(rs.getObject("ended_at", OffsetDateTime.class))))
                .list();
    }

    private static Instant endedAt(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private record Open(long id, String key, String subtype, double sizeGb) {
    }
}
