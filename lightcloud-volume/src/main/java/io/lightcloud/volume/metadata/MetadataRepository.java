package io.lightcloud.volume.metadata;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Key/value metadata of volumes and snapshots. */
@Repository
public class MetadataRepository {
    private final JdbcClient jdbc;

    public MetadataRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Map<String, String> get(MetadataOwner owner, String id) {
        return getAll(owner, List.of(id)).getOrDefault(id, Map.of());
    }

    /** The metadata of many resources in one query, for list views. */
    public Map<String, Map<String, String>> getAll(MetadataOwner owner, Collection<String> ids) {
        Map<String, Map<String, String>> all = new HashMap<>();
        if (ids.isEmpty()) {
            return all;
        }
        jdbc.sql("SELECT " + owner.column() + ", meta_key, meta_value FROM " + owner.table() + " WHERE "
                        + owner.column() + " IN (:ids)")
                .param("ids", ids)
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).list()
                .forEach(r -> all.computeIfAbsent(r.get(0), k -> new TreeMap<>()).put(r.get(1), r.get(2)));
        return all;
    }

    /** Sets the given keys, keeping the others. */
    public void merge(MetadataOwner owner, String id, Map<String, String> metadata) {
        metadata.forEach((key, value) -> {
            int updated = jdbc.sql("UPDATE " + owner.table() + " SET meta_value = ? WHERE " + owner.column()
                    + " = ? AND meta_key = ?").params(value, id, key).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO " + owner.table() + " (" + owner.column() + ", meta_key, meta_value)"
                        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING").params(id, key, value).update();
            }
        });
    }

    /** Makes the metadata exactly {@code metadata}. */
    public void replace(MetadataOwner owner, String id, Map<String, String> metadata) {
        jdbc.sql("DELETE FROM " + owner.table() + " WHERE " + owner.column() + " = ?").param(id).update();
        merge(owner, id, metadata);
    }

    public boolean delete(MetadataOwner owner, String id, String key) {
        return jdbc.sql("DELETE FROM " + owner.table() + " WHERE " + owner.column() + " = ? AND meta_key = ?")
                .params(id, key).update() > 0;
    }
}
