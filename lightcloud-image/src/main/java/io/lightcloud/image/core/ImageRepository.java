package io.lightcloud.image.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Image rows. Status changes are conditional updates ({@code WHERE status = ...}) so that, with several controllers on
 * one database, exactly one of two racing requests wins and the other sees that it lost.
 */
@Repository
public class ImageRepository {
    private static final TypeReference<List<String>> TAGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public ImageRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public void insert(Image image) {
        ImageMetadata m = image.metadata();
        jdbc.sql("""
                INSERT INTO image_image (id, name, owner, status, visibility, protected, os_hidden, disk_format,
                    container_format, min_disk, min_ram, tags, properties, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(image.id(), m.name(), m.owner(), image.status().wireName(), m.visibility().wireName(),
                        m.isProtected(), m.hidden(), wire(m.diskFormat()), wire(m.containerFormat()), m.minDisk(),
                        m.minRam(), mapper.writeValueAsString(m.tags()), mapper.writeValueAsString(m.properties()),
                        utc(image.createdAt()), utc(image.updatedAt()))
                .update();
    }

    public Optional<Image> find(String id) {
        return jdbc.sql("SELECT * FROM image_image WHERE id = ?").param(id).query(this::map).optional();
    }

    /** The image, locked until the surrounding transaction ends, for read-modify-write changes. */
    public Optional<Image> findForUpdate(String id) {
        return jdbc.sql("SELECT * FROM image_image WHERE id = ? FOR UPDATE").param(id).query(this::map).optional();
    }

    public List<Image> listAll() {
        return jdbc.sql("SELECT * FROM image_image").query(this::map).list();
    }

    /**
     * The images a project may list: its own, public and community ones, and shared ones it is a member of with
     * {@code memberStatus} (any status when null).
     */
    public List<Image> listForProject(String projectId, MemberStatus memberStatus) {
        String statusCondition = memberStatus == null ? "" : " AND m.status = :status";
        JdbcClient.StatementSpec query = jdbc.sql("""
                SELECT * FROM image_image i
                WHERE i.owner = :project OR i.visibility IN ('public', 'community')
                   OR (i.visibility = 'shared' AND EXISTS (SELECT 1 FROM image_member m WHERE m.image_id = i.id
                       AND m.member_id = :project%s))""".formatted(statusCondition))
                .param("project", projectId);
        if (memberStatus != null) {
            query = query.param("status", memberStatus.wireName());
        }
        return query.query(this::map).list();
    }

    public Optional<Image> findByOwnerAndName(String owner, String name) {
        return jdbc.sql("SELECT * FROM image_image WHERE owner = ? AND name = ? ORDER BY created_at")
                .params(owner, name).query(this::map).list().stream().findFirst();
    }

    public void updateMetadata(String id, ImageMetadata m, Instant now) {
        jdbc.sql("""
                UPDATE image_image SET name = ?, owner = ?, visibility = ?, protected = ?, os_hidden = ?, disk_format = ?,
                    container_format = ?, min_disk = ?, min_ram = ?, tags = ?, properties = ?, updated_at = ?
                WHERE id = ?""")
                .params(m.name(), m.owner(), m.visibility().wireName(), m.isProtected(), m.hidden(),
                        wire(m.diskFormat()), wire(m.containerFormat()), m.minDisk(), m.minRam(),
                        mapper.writeValueAsString(m.tags()), mapper.writeValueAsString(m.properties()), utc(now), id)
                .update();
    }

    /** Moves a queued image to saving on behalf of {@code node}; false when it is not queued (any more). */
    public boolean startUpload(String id, String node, Instant now) {
        return jdbc.sql("UPDATE image_image SET status = 'saving', upload_node = ?, status_reason = NULL, updated_at = ? "
                + "WHERE id = ? AND status = 'queued'").params(node, utc(now), id).update() == 1;
    }

    /** Marks a running upload as alive; false when the image stopped saving (deleted, or killed as stale). */
    public boolean heartbeat(String id, Instant now) {
        return jdbc.sql("UPDATE image_image SET updated_at = ? WHERE id = ? AND status = 'saving'")
                .params(utc(now), id).update() == 1;
    }

    public boolean finishUpload(String id, StoredData data, Instant now) {
        return jdbc.sql("""
                UPDATE image_image SET status = 'active', size = ?, virtual_size = ?, checksum = ?, os_hash_algo = ?,
                    os_hash_value = ?, upload_node = NULL, updated_at = ?
                WHERE id = ? AND status = 'saving'""")
                .params(data.size(), data.virtualSize(), data.checksum(), data.hashAlgo(), data.hashValue(), utc(now), id)
                .update() == 1;
    }

    /** Moves a saving image to killed; false when it was not saving (deleted, or already finished or killed). */
    public boolean kill(String id, String reason, Instant now) {
        String truncated = reason.length() > 1024 ? reason.substring(0, 1024) : reason;
        return jdbc.sql("UPDATE image_image SET status = 'killed', status_reason = ?, upload_node = NULL, updated_at = ? "
                + "WHERE id = ? AND status = 'saving'").params(truncated, utc(now), id).update() == 1;
    }

    public boolean changeStatus(String id, ImageStatus from, ImageStatus to, Instant now) {
        return jdbc.sql("UPDATE image_image SET status = ?, updated_at = ? WHERE id = ? AND status = ?")
                .params(to.wireName(), utc(now), id, from.wireName()).update() == 1;
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM image_image WHERE id = ?").param(id).update() == 1;
    }

    public Optional<String> statusReason(String id) {
        return jdbc.sql("SELECT status_reason FROM image_image WHERE id = ?").param(id).query(String.class).optional();
    }

    /** The upload node of a saving image, or empty when the image is not saving. */
    public Optional<String> uploadNode(String id) {
        return jdbc.sql("SELECT upload_node FROM image_image WHERE id = ? AND status = 'saving'").param(id)
                .query(String.class).optional();
    }

    /** The uploads {@code node} started before {@code cutoff} that have not ended. */
    public List<String> savingOnNodeSince(String node, Instant cutoff) {
        return jdbc.sql("SELECT id FROM image_image WHERE status = 'saving' AND upload_node = ? AND updated_at < ?")
                .params(node, utc(cutoff)).query(String.class).list();
    }

    public List<String> savingSilentSince(Instant cutoff) {
        return jdbc.sql("SELECT id FROM image_image WHERE status = 'saving' AND updated_at < ?").param(utc(cutoff))
                .query(String.class).list();
    }

    private Image map(ResultSet rs, int row) throws SQLException {
        ImageMetadata metadata = new ImageMetadata(rs.getString("name"), rs.getString("owner"),
                Visibility.fromWire(rs.getString("visibility")), rs.getBoolean("protected"), rs.getBoolean("os_hidden"),
                DiskFormat.fromWire(rs.getString("disk_format")).orElse(null),
                ContainerFormat.fromWire(rs.getString("container_format")).orElse(null), rs.getInt("min_disk"),
                rs.getInt("min_ram"), mapper.readValue(rs.getString("tags"), TAGS),
                mapper.readValue(rs.getString("properties"), PROPERTIES));
        String checksum = rs.getString("checksum");
        StoredData data = checksum == null ? null : new StoredData(rs.getLong("size"), rs.getLong("virtual_size"),
                checksum, rs.getString("os_hash_algo"), rs.getString("os_hash_value"));
        return new Image(rs.getString("id"), ImageStatus.fromWire(rs.getString("status")), metadata, data,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static String wire(DiskFormat format) {
        return format == null ? null : format.wireName();
    }

    private static String wire(ContainerFormat format) {
        return format == null ? null : format.wireName();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
