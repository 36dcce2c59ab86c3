package io.lightcloud.compute.aggregate;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Aggregates, their metadata and their member hosts (by host id; answered by host name). */
@Repository
public class AggregateRepository {
    private final JdbcClient jdbc;

    public AggregateRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** Inserts an aggregate and answers its id; the name's uniqueness is the table's to enforce. */
    public long create(String name) {
        String uuid = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO compute_aggregate (uuid, name, created_at) VALUES (?, ?, ?)")
                .params(uuid, name, OffsetDateTime.now(ZoneOffset.UTC)).update();
        return jdbc.sql("SELECT id FROM compute_aggregate WHERE uuid = ?").param(uuid).query(Long.class).single();
    }

    public boolean nameTaken(String name, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM compute_aggregate WHERE name = ? AND id <> ?").params(name, exceptId)
                .query(Long.class).single() > 0;
    }

    public Optional<Aggregate> find(long id) {
        return rows(id).stream().findFirst();
    }

    public List<Aggregate> list() {
        return rows(null);
    }

    public void rename(long id, String name) {
        jdbc.sql("UPDATE compute_aggregate SET name = ?, updated_at = ? WHERE id = ?")
                .params(name, OffsetDateTime.now(ZoneOffset.UTC), id).update();
    }

    /** Sets ({@code value} non-null) or removes ({@code value} null) one metadata item. */
    public void putMetadata(long id, String key, String value) {
        jdbc.sql("DELETE FROM compute_aggregate_metadata WHERE aggregate_id = ? AND meta_key = ?").params(id, key)
                .update();
        if (value != null) {
            jdbc.sql("INSERT INTO compute_aggregate_metadata (aggregate_id, meta_key, meta_value) VALUES (?, ?, ?)")
                    .params(id, key, value).update();
        }
        touch(id);
    }

    public boolean hasHost(long id, String hostId) {
        return jdbc.sql("SELECT COUNT(*) FROM compute_aggregate_host WHERE aggregate_id = ? AND host_id = ?")
                .params(id, hostId).query(Long.class).single() > 0;
    }

    public void addHost(long id, String hostId) {
        jdbc.sql("INSERT INTO compute_aggregate_host (aggregate_id, host_id) VALUES (?, ?)").params(id, hostId)
                .update();
        touch(id);
    }

    public void removeHost(long id, String hostId) {
        jdbc.sql("DELETE FROM compute_aggregate_host WHERE aggregate_id = ? AND host_id = ?").params(id, hostId)
                .update();
        touch(id);
    }

    public List<String> hostIds(long id) {
        return jdbc.sql("SELECT host_id FROM compute_aggregate_host WHERE aggregate_id = ? ORDER BY host_id")
                .param(id).query(String.class).list();
    }

    /** The distinct zones the aggregates holding a host give it. */
    public List<String> zonesOfHost(String hostId) {
        return jdbc.sql("""
                SELECT DISTINCT m.meta_value FROM compute_aggregate_host ah
                JOIN compute_aggregate_metadata m ON m.aggregate_id = ah.aggregate_id AND m.meta_key = ?
                WHERE ah.host_id = ? ORDER BY m.meta_value""").params(Aggregate.ZONE_KEY, hostId)
                .query(String.class).list();
    }

    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM compute_aggregate WHERE id = ?").param(id).update() > 0;
    }

    private void touch(long id) {
        jdbc.sql("UPDATE compute_aggregate SET updated_at = ? WHERE id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC), id).update();
    }

    /** One aggregate ({@code onlyId} non-null) or all, with their metadata and host names. */
    private List<Aggregate> rows(Long onlyId) {
        record Row(long id, String uuid, String name, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        }
        String scope = onlyId == null ? "" : " WHERE aggregate_id = " + onlyId;
        List<Row> rows = jdbc.sql("SELECT id, uuid, name, created_at, updated_at FROM compute_aggregate"
                        + (onlyId == null ? "" : " WHERE id = " + onlyId) + " ORDER BY id")
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("uuid"), rs.getString("name"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, String>> metadata = new HashMap<>();
        jdbc.sql("SELECT aggregate_id, meta_key, meta_value FROM compute_aggregate_metadata" + scope).query(rs -> {
            metadata.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
        });
        Map<Long, List<String>> hosts = new HashMap<>();
        jdbc.sql("SELECT x.aggregate_id, h.hostname FROM compute_aggregate_host x JOIN compute_host h ON h.id = x.host_id"
                + scope.replace("aggregate_id", "x.aggregate_id") + " ORDER BY h.hostname").query(rs -> {
                    hosts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return rows.stream().map(r -> new Aggregate(r.id(), r.uuid(), r.name(), metadata.getOrDefault(r.id(), Map.of()),
                hosts.getOrDefault(r.id(), List.of()), r.createdAt(), r.updatedAt())).toList();
    }
}
