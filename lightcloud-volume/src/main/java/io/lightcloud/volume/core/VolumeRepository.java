package io.lightcloud.volume.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
public class VolumeRepository {
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public VolumeRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public Optional<Volume> find(String id) {
        return jdbc.sql("SELECT * FROM volume_volume WHERE id = ?").param(id).query(this::map).optional();
    }

    /** Reads a volume and locks its row until the transaction ends, for checks that span several tables. */
    public Optional<Volume> lock(String id) {
        return jdbc.sql("SELECT * FROM volume_volume WHERE id = ? FOR UPDATE").param(id).query(this::map).optional();
    }

    /** Volumes of one project, or of every project when {@code projectId} is null. */
    public List<Volume> list(String projectId) {
        return projectId == null
                ? jdbc.sql("SELECT * FROM volume_volume").query(this::map).list()
                : jdbc.sql("SELECT * FROM volume_volume WHERE project_id = ?").param(projectId).query(this::map).list();
    }

    public List<Volume> listByStatusAndHost(VolumeStatus status, String host) {
        return jdbc.sql("SELECT * FROM volume_volume WHERE status = ? AND task_host = ?")
                .params(status.apiName(), host).query(this::map).list();
    }

    public void insert(Volume v, String taskHost) {
        jdbc.sql("""
                INSERT INTO volume_volume (id, project_id, user_id, name, description, size_gb, status, type_id, backend,
                    availability_zone, bootable, snapshot_id, source_volid, image_metadata, holds_quota, task_host,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(v.id(), v.projectId(), v.userId(), v.name(), v.description(), v.sizeGb(), v.status().apiName(),
                        v.typeId(), v.backend(), v.availabilityZone(), v.bootable(), v.snapshotId(), v.sourceVolid(),
                        v.imageMetadata().isEmpty() ? null : mapper.writeValueAsString(v.imageMetadata()),
                        v.holdsQuota(), taskHost, v.createdAt(), null)
                .update();
    }

    /** Applies a state machine operation; false when the volume is gone or not in one of the source statuses. */
    public boolean transition(String id, VolumeOperation operation) {
        return jdbc.sql("UPDATE volume_volume SET status = :to, task_host = NULL, updated_at = :now"
                        + " WHERE id = :id AND status IN (:from)")
                .param("to", operation.to().apiName()).param("now", now()).param("id", id)
                .param("from", operation.from().stream().map(VolumeStatus::apiName).toList())
                .update() == 1;
    }

    /** Completes an extend: the new size and {@code available}, only if the volume is still extending. */
    public boolean extended(String id, long newSizeGb) {
        return jdbc.sql("UPDATE volume_volume SET status = ?, size_gb = ?, updated_at = ? WHERE id = ? AND status = ?")
                .params(VolumeOperation.EXTENDED.to().apiName(), newSizeGb, now(), id, VolumeStatus.EXTENDING.apiName())
                .update() == 1;
    }

    /**
     * Marks a volume whose creation failed as {@code error} and no longer holding quota; true exactly once, for the
     * caller that must then release the quota.
     */
    public boolean failCreation(String id) {
        return jdbc.sql("""
                UPDATE volume_volume SET status = ?, holds_quota = FALSE, task_host = NULL, updated_at = ?
                WHERE id = ? AND status = ? AND holds_quota = TRUE""")
                .params(VolumeStatus.ERROR.apiName(), now(), id, VolumeStatus.CREATING.apiName()).update() == 1;
    }

    public void update(String id, String name, String description) {
        jdbc.sql("UPDATE volume_volume SET name = ?, description = ?, updated_at = ? WHERE id = ?")
                .params(name, description, now(), id).update();
    }

    /** Gives the volume to another project and user (a volume transfer); its metadata goes with it. */
    public void changeOwner(String id, String projectId, String userId) {
        jdbc.sql("UPDATE volume_volume SET project_id = ?, user_id = ?, updated_at = ? WHERE id = ?")
                .params(projectId, userId, now(), id).update();
    }

    /** Replaces the image metadata a volume made from an image carries ({@code volume_image_metadata}). */
    public void setImageMetadata(String id, Map<String, String> imageMetadata) {
        jdbc.sql("UPDATE volume_volume SET image_metadata = ?, updated_at = ? WHERE id = ?")
                .params(imageMetadata.isEmpty() ? null : mapper.writeValueAsString(imageMetadata), now(), id).update();
    }

    public void setBootable(String id, boolean bootable) {
        jdbc.sql("UPDATE volume_volume SET bootable = ?, updated_at = ? WHERE id = ?").params(bootable, now(), id)
                .update();
    }

    public void resetStatus(String id, VolumeStatus status) {
        jdbc.sql("UPDATE volume_volume SET status = ?, updated_at = ? WHERE id = ?")
                .params(status.apiName(), now(), id).update();
    }

    /** Whether a clone of this volume is being made, which reads the volume's data meanwhile. */
    public boolean hasCreatingClones(String volumeId) {
        return countCreating("source_volid", volumeId) > 0;
    }

    /** Whether a volume is being made from this snapshot, which reads the snapshot's data meanwhile. */
    public boolean hasCreatingFromSnapshot(String snapshotId) {
        return countCreating("snapshot_id", snapshotId) > 0;
    }

    private long countCreating(String column, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM volume_volume WHERE status = ? AND " + column + " = ?")
                .params(VolumeStatus.CREATING.apiName(), id).query(Long.class).single();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM volume_volume WHERE id = ?").param(id).update();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private Volume map(ResultSet rs, int row) throws SQLException {
        String imageMetadata = rs.getString("image_metadata");
        return new Volume(rs.getString("id"), rs.getString("project_id"), rs.getString("user_id"),
                rs.getString("name"), rs.getString("description"), rs.getLong("size_gb"),
                VolumeStatus.fromDatabase(rs.getString("status")), rs.getString("type_id"), rs.getString("backend"),
                rs.getString("availability_zone"), rs.getBoolean("bootable"), rs.getString("snapshot_id"),
                rs.getString("source_volid"),
                imageMetadata == null ? Map.of() : mapper.readValue(imageMetadata, STRING_MAP),
                rs.getBoolean("holds_quota"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
