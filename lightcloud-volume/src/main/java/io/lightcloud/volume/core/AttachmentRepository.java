package io.lightcloud.volume.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
public class AttachmentRepository {
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public AttachmentRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public Optional<Attachment> find(String id) {
        return jdbc.sql("SELECT * FROM volume_attachment WHERE id = ?").param(id).query(this::map).optional();
    }

    public List<Attachment> listByVolume(String volumeId) {
        return jdbc.sql("SELECT * FROM volume_attachment WHERE volume_id = ? ORDER BY created_at, id").param(volumeId)
                .query(this::map).list();
    }

    public List<Attachment> listByVolumes(Collection<String> volumeIds) {
        if (volumeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM volume_attachment WHERE volume_id IN (:ids) ORDER BY created_at, id")
                .param("ids", volumeIds).query(this::map).list();
    }

    /** Attachments of one project, or of every project when {@code projectId} is null. */
    public List<Attachment> list(String projectId) {
        return projectId == null
                ? jdbc.sql("SELECT * FROM volume_attachment").query(this::map).list()
                : jdbc.sql("SELECT * FROM volume_attachment WHERE project_id = ?").param(projectId).query(this::map)
                        .list();
    }

    public void insert(Attachment a) {
        jdbc.sql("""
                INSERT INTO volume_attachment (id, volume_id, project_id, instance_uuid, attached_host, mountpoint,
                    attach_mode, attach_status, connector, attach_time, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.id(), a.volumeId(), a.projectId(), a.instanceUuid(), a.attachedHost(), a.mountpoint(),
                        a.attachMode(), a.status().apiName(), connector(a.connector()), a.attachTime(), a.createdAt())
                .update();
    }

    /** Records the host an attachment connects to, from the connector the host sent. */
    public void connect(String id, Map<String, Object> connector, String host, String mountpoint, String mode,
            Attachment.Status status) {
        jdbc.sql("""
                UPDATE volume_attachment SET connector = ?, attached_host = ?, mountpoint = ?, attach_mode = ?,
                    attach_status = ?, attach_time = ?, updated_at = ? WHERE id = ?""")
                .params(connector(connector), host, mountpoint, mode, status.apiName(), now(), now(), id)
                .update();
    }

    public void setStatus(String id, Attachment.Status status) {
        jdbc.sql("UPDATE volume_attachment SET attach_status = ?, updated_at = ? WHERE id = ?")
                .params(status.apiName(), now(), id).update();
    }

    public void setMountpoint(String id, String mountpoint) {
        jdbc.sql("UPDATE volume_attachment SET mountpoint = ?, updated_at = ? WHERE id = ?")
                .params(mountpoint, now(), id).update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM volume_attachment WHERE id = ?").param(id).update();
    }

    public void deleteByVolume(String volumeId) {
        jdbc.sql("DELETE FROM volume_attachment WHERE volume_id = ?").param(volumeId).update();
    }

    private String connector(Map<String, Object> connector) {
        return connector == null ? null : mapper.writeValueAsString(connector);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private Attachment map(ResultSet rs, int row) throws SQLException {
        String connector = rs.getString("connector");
        return new Attachment(rs.getString("id"), rs.getString("volume_id"), rs.getString("project_id"),
                rs.getString("instance_uuid"), rs.getString("attached_host"), rs.getString("mountpoint"),
                rs.getString("attach_mode"), Attachment.Status.fromDatabase(rs.getString("attach_status")),
                connector == null ? null : mapper.readValue(connector, OBJECT),
                rs.getObject("attach_time", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class));
    }
}
