package io.lightcloud.volume.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SnapshotRepository {
    private final JdbcClient jdbc;

    public SnapshotRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<Snapshot> find(String id) {
        return jdbc.sql("SELECT * FROM volume_snapshot WHERE id = ?").param(id).query(SnapshotRepository::map)
                .optional();
    }

    /** Reads a snapshot and locks its row until the transaction ends. */
    public Optional<Snapshot> lock(String id) {
        return jdbc.sql("SELECT * FROM volume_snapshot WHERE id = ? FOR UPDATE").param(id)
                .query(SnapshotRepository::map).optional();
    }

    public List<Snapshot> list(String projectId) {
        return projectId == null
                ? jdbc.sql("SELECT * FROM volume_snapshot").query(SnapshotRepository::map).list()
                : jdbc.sql("SELECT * FROM volume_snapshot WHERE project_id = ?").param(projectId)
                        .query(SnapshotRepository::map).list();
    }

    public List<Snapshot> listByVolume(String volumeId) {
        return jdbc.sql("SELECT * FROM volume_snapshot WHERE volume_id = ?").param(volumeId)
                .query(SnapshotRepository::map).list();
    }

    public List<Snapshot> listByStatusAndHost(SnapshotStatus status, String host) {
        return jdbc.sql("SELECT * FROM volume_snapshot WHERE status = ? AND task_host = ?")
                .params(status.apiName(), host).query(SnapshotRepository::map).list();
    }

    public void insert(Snapshot s, String taskHost) {
        jdbc.sql("""
                INSERT INTO volume_snapshot (id, project_id, user_id, volume_id, name, description, size_gb, status,
                    type_id, backend, holds_quota, task_host, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.id(), s.projectId(), s.userId(), s.volumeId(), s.name(), s.description(), s.sizeGb(),
                        s.status().apiName(), s.typeId(), s.backend(), s.holdsQuota(), taskHost, s.createdAt())
                .update();
    }

    /** Moves a snapshot to {@code to} only from one of {@code from}; false when it is gone or elsewhere. */
    public boolean transition(String id, Collection<SnapshotStatus> from, SnapshotStatus to) {
        return jdbc.sql("UPDATE volume_snapshot SET status = :to, task_host = NULL, updated_at = :now"
                        + " WHERE id = :id AND status IN (:from)")
                .param("to", to.apiName()).param("now", now()).param("id", id)
                .param("from", from.stream().map(SnapshotStatus::apiName).collect(Collectors.toList()))
                .update() == 1;
    }

    /** Marks a failed snapshot as {@code error} and no longer holding quota; true exactly once. */
    public boolean failCreation(String id) {
        return jdbc.sql("""
                UPDATE volume_snapshot SET status = ?, holds_quota = FALSE, task_host = NULL, updated_at = ?
                WHERE id = ? AND status = ? AND holds_quota = TRUE""")
                .params(SnapshotStatus.ERROR.apiName(), now(), id, SnapshotStatus.CREATING.apiName()).update() == 1;
    }

    public void update(String id, String name, String description) {
        jdbc.sql("UPDATE volume_snapshot SET name = ?, description = ?, updated_at = ? WHERE id = ?")
                .params(name, description, now(), id).update();
    }

    public void resetStatus(String id, SnapshotStatus status) {
        jdbc.sql("UPDATE volume_snapshot SET status = ?, updated_at = ? WHERE id = ?")
                .params(status.apiName(), now(), id).update();
    }

    /** Gives every snapshot of a volume to the project and user that accepted the volume's transfer. */
    public void changeOwnerOfVolume(String volumeId, String projectId, String userId) {
        jdbc.sql("UPDATE volume_snapshot SET project_id = ?, user_id = ?, updated_at = ? WHERE volume_id = ?")
                .params(projectId, userId, OffsetDateTime.now(ZoneOffset.UTC), volumeId).update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM volume_snapshot WHERE id = ?").param(id).update();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static Snapshot map(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        return new Snapshot(rs.getString("id"), rs.getString("project_id"), rs.getString("user_id"),
                rs.getString("volume_id"), rs.getString("name"), rs.getString("description"), rs.getLong("size_gb"),
                SnapshotStatus.parse(status).orElseThrow(() -> new IllegalStateException("Unknown snapshot status "
                        + status)),
                rs.getString("type_id"), rs.getString("backend"), rs.getBoolean("holds_quota"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
