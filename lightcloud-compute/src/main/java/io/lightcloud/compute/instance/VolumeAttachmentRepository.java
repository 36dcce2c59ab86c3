package io.lightcloud.compute.instance;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.store.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class VolumeAttachmentRepository {
    private final JdbcClient jdbc;
    private final JsonText json;

    public VolumeAttachmentRepository(JdbcClient jdbc, JsonText json) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
    }

    public List<VolumeAttachment> list(String instanceId) {
        return jdbc.sql("SELECT * FROM compute_volume_attachment WHERE instance_id = ? ORDER BY created_at, device")
                .param(instanceId).query(this::map).list();
    }

    public Map<String, List<VolumeAttachment>> list(Collection<String> instanceIds) {
        Map<String, List<VolumeAttachment>> all = new HashMap<>();
        for (List<String> chunk : InstanceRepository.chunks(instanceIds)) {
            jdbc.sql("SELECT * FROM compute_volume_attachment WHERE instance_id IN (:ids) ORDER BY created_at, device")
                    .param("ids", chunk).query(this::map).list()
                    .forEach(a -> all.computeIfAbsent(a.instanceId(), k -> new ArrayList<>()).add(a));
        }
        return all;
    }

    public Optional<VolumeAttachment> find(String instanceId, String volumeId) {
        return jdbc.sql("SELECT * FROM compute_volume_attachment WHERE instance_id = ? AND volume_id = ?")
                .params(instanceId, volumeId).query(this::map).optional();
    }

    public void insert(VolumeAttachment a) {
        jdbc.sql("""
                INSERT INTO compute_volume_attachment (id, instance_id, volume_id, attachment_id, device, boot_index,
                    delete_on_termination, tag, status, connection, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.id(), a.instanceId(), a.volumeId(), a.attachmentId(), a.device(), a.bootIndex(),
                        a.deleteOnTermination(), a.tag(), a.status(), connectionJson(a), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    /** New boot volumes still being made from their images, of servers not deleted. */
    public List<VolumeAttachment> listCreating() {
        return jdbc.sql("""
                SELECT a.* FROM compute_volume_attachment a JOIN compute_instance i ON i.id = a.instance_id
                WHERE a.status = ? AND i.deleted_at IS NULL ORDER BY a.created_at""")
                .param(VolumeAttachment.CREATING).query(this::map).list();
    }

    /** Records the reservation of a new boot volume; false when it is no longer being created (deleted meanwhile). */
    public boolean finishCreating(String id, String attachmentId) {
        return jdbc.sql("""
                UPDATE compute_volume_attachment SET attachment_id = ?, status = ? WHERE id = ? AND status = ?""")
                .params(attachmentId, VolumeAttachment.ATTACHING, id, VolumeAttachment.CREATING).update() > 0;
    }

    public void setConnection(String id, String driverVolumeType, Map<String, Object> data) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("driver_volume_type", driverVolumeType);
        connection.put("data", data);
        jdbc.sql("UPDATE compute_volume_attachment SET connection = ? WHERE id = ?").params(json.write(connection), id)
                .update();
    }

    /** Moves an attachment from one status to the next; false when it is no longer in {@code from}. */
    public boolean transition(String id, String from, String to) {
        return jdbc.sql("UPDATE compute_volume_attachment SET status = ? WHERE id = ? AND status = ?")
                .params(to, id, from).update() > 0;
    }

    public void setStatusAll(String instanceId, String status) {
        jdbc.sql("UPDATE compute_volume_attachment SET status = ? WHERE instance_id = ?").params(status, instanceId)
                .update();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM compute_volume_attachment WHERE id = ?").param(id).update() > 0;
    }

    private String connectionJson(VolumeAttachment a) {
        if (a.connection() == null) {
            return null;
        }
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("driver_volume_type", a.driverVolumeType());
        connection.put("data", a.connection());
        return json.write(connection);
    }

    @SuppressWarnings("unchecked")
    private VolumeAttachment map(ResultSet rs, int row) throws SQLException {
        Map<String, Object> connection = json.objectMap(rs.getString("connection"));
        return new VolumeAttachment(rs.getString("id"), rs.getString("instance_id"), rs.getString("volume_id"),
                rs.getString("attachment_id"), rs.getString("device"), rs.getObject("boot_index", Integer.class),
                rs.getBoolean("delete_on_termination"), rs.getString("tag"), rs.getString("status"),
                (String) connection.get("driver_volume_type"),
                connection.isEmpty() ? null : (Map<String, Object>) connection.get("data"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
