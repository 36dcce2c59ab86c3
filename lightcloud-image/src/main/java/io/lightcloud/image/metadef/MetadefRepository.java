package io.lightcloud.image.metadef;

import static java.util.Objects.requireNonNull;

import io.lightcloud.image.metadef.MetadefItem.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The metadefs catalog's rows: namespaces, resource types and their associations, and each namespace's items. */
@Repository
public class MetadefRepository {
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public MetadefRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    /** One resource type association of a namespace. */
    public record Association(long namespaceId, String name, String prefix, String propertiesTarget,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** A resource type of the catalog. */
    public record ResourceType(String name, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    public long insertNamespace(String namespace, String displayName, String description, String visibility,
            boolean isProtected, String owner) {
        jdbc.sql("""
                INSERT INTO image_metadef_namespace (namespace, display_name, description, visibility, protected,
                    owner, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(namespace, displayName, description, visibility, isProtected, owner, now()).update();
        return jdbc.sql("SELECT id FROM image_metadef_namespace WHERE namespace = ?").param(namespace)
                .query(Long.class).single();
    }

    public Optional<MetadefNamespace> findNamespace(String namespace) {
        return jdbc.sql("SELECT * FROM image_metadef_namespace WHERE namespace = ?").param(namespace)
                .query(MetadefRepository::namespace).optional();
    }

    public List<MetadefNamespace> listNamespaces() {
        return jdbc.sql("SELECT * FROM image_metadef_namespace ORDER BY created_at, namespace")
                .query(MetadefRepository::namespace).list();
    }

    public void updateNamespace(long id, String namespace, String displayName, String description, String visibility,
            boolean isProtected) {
        jdbc.sql("""
                UPDATE image_metadef_namespace SET namespace = ?, display_name = ?, description = ?, visibility = ?,
                    protected = ?, updated_at = ?
                WHERE id = ?""")
                .params(namespace, displayName, description, visibility, isProtected, now(), id).update();
    }

    public void deleteNamespace(long id) {
        jdbc.sql("DELETE FROM image_metadef_namespace WHERE id = ?").param(id).update();
    }

    public List<ResourceType> resourceTypes() {
        return jdbc.sql("SELECT * FROM image_metadef_resource_type ORDER BY name")
                .query((rs, row) -> new ResourceType(rs.getString("name"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .list();
    }

    /** Registers a resource type the first time a namespace is associated with it, as Glance does. */
    public void ensureResourceType(String name) {
        if (jdbc.sql("SELECT COUNT(*) FROM image_metadef_resource_type WHERE name = ?").param(name).query(Long.class)
                .single() == 0) {
            jdbc.sql("INSERT INTO image_metadef_resource_type (name, protected, created_at) VALUES (?, FALSE, ?)")
                    .params(name, now()).update();
        }
    }

    /** The associations of one namespace, or of every namespace when {@code namespaceId} is null. */
    public List<Association> associations(Long namespaceId) {
        String sql = "SELECT * FROM image_metadef_association"
                + (namespaceId == null ? "" : " WHERE namespace_id = " + namespaceId) + " ORDER BY resource_type";
        return jdbc.sql(sql).query((rs, row) -> new Association(rs.getLong("namespace_id"),
                rs.getString("resource_type"), rs.getString("prefix"), rs.getString("properties_target"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class)))
                .list();
    }

    public boolean hasAssociation(long namespaceId, String resourceType) {
        return jdbc.sql("SELECT COUNT(*) FROM image_metadef_association WHERE namespace_id = ? AND resource_type = ?")
                .params(namespaceId, resourceType).query(Long.class).single() > 0;
    }

    public void addAssociation(long namespaceId, String resourceType, String prefix, String propertiesTarget) {
        jdbc.sql("""
                INSERT INTO image_metadef_association (namespace_id, resource_type, prefix, properties_target,
                    created_at)
                VALUES (?, ?, ?, ?, ?)""").params(namespaceId, resourceType, prefix, propertiesTarget, now()).update();
    }

    public boolean removeAssociation(long namespaceId, String resourceType) {
        return jdbc.sql("DELETE FROM image_metadef_association WHERE namespace_id = ? AND resource_type = ?")
                .params(namespaceId, resourceType).update() > 0;
    }

    public void insertItem(long namespaceId, Kind kind, String name, ObjectNode document) {
        jdbc.sql("""
                INSERT INTO image_metadef_item (namespace_id, kind, name, document, created_at)
                VALUES (?, ?, ?, ?, ?)""")
                .params(namespaceId, kind.column(), name, mapper.writeValueAsString(document), now()).update();
    }

    public Optional<MetadefItem> findItem(long namespaceId, Kind kind, String name) {
        return jdbc.sql("SELECT * FROM image_metadef_item WHERE namespace_id = ? AND kind = ? AND name = ?")
                .params(namespaceId, kind.column(), name).query((rs, row) -> item(rs, kind)).optional();
    }

    public List<MetadefItem> listItems(long namespaceId, Kind kind) {
        return jdbc.sql("SELECT * FROM image_metadef_item WHERE namespace_id = ? AND kind = ? ORDER BY created_at, name")
                .params(namespaceId, kind.column()).query((rs, row) -> item(rs, kind)).list();
    }

    public void updateItem(long namespaceId, Kind kind, String name, String newName, ObjectNode document) {
        jdbc.sql("""
                UPDATE image_metadef_item SET name = ?, document = ?, updated_at = ?
                WHERE namespace_id = ? AND kind = ? AND name = ?""")
                .params(newName, mapper.writeValueAsString(document), now(), namespaceId, kind.column(), name).update();
    }

    public boolean deleteItem(long namespaceId, Kind kind, String name) {
        return jdbc.sql("DELETE FROM image_metadef_item WHERE namespace_id = ? AND kind = ? AND name = ?")
                .params(namespaceId, kind.column(), name).update() > 0;
    }

    public void deleteItems(long namespaceId, Kind kind) {
        jdbc.sql("DELETE FROM image_metadef_item WHERE namespace_id = ? AND kind = ?")
                .params(namespaceId, kind.column()).update();
    }

    private MetadefItem item(ResultSet rs, Kind kind) throws SQLException {
        String document = rs.getString("document");
        return new MetadefItem(kind, rs.getString("name"),
                document == null ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(document),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static MetadefNamespace namespace(ResultSet rs, int row) throws SQLException {
        return new MetadefNamespace(rs.getLong("id"), rs.getString("namespace"), rs.getString("display_name"),
                rs.getString("description"), rs.getString("visibility"), rs.getBoolean("protected"),
                rs.getString("owner"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }
}
