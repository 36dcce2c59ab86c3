package io.lightcloud.volume.type;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class VolumeTypeRepository {
    private final JdbcClient jdbc;

    public VolumeTypeRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<VolumeType> find(String id) {
        return withSpecs(jdbc.sql("SELECT * FROM volume_type WHERE id = ?").param(id).query(Row.class).list())
                .stream().findFirst();
    }

    public Optional<VolumeType> findByName(String name) {
        return withSpecs(jdbc.sql("SELECT * FROM volume_type WHERE name = ?").param(name).query(Row.class).list())
                .stream().findFirst();
    }

    public List<VolumeType> list() {
        return withSpecs(jdbc.sql("SELECT * FROM volume_type ORDER BY name, id").query(Row.class).list());
    }

    public void insert(VolumeType type) {
        jdbc.sql("INSERT INTO volume_type (id, name, description, is_public, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(type.id(), type.name(), type.description(), type.isPublic(), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        type.extraSpecs().forEach((key, value) -> putSpec(type.id(), key, value));
    }

    public void update(VolumeType type) {
        jdbc.sql("UPDATE volume_type SET name = ?, description = ?, is_public = ?, updated_at = ? WHERE id = ?")
                .params(type.name(), type.description(), type.isPublic(), OffsetDateTime.now(ZoneOffset.UTC), type.id())
                .update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM volume_type WHERE id = ?").param(id).update();
    }

    public boolean inUse(String id) {
        return jdbc.sql("""
                SELECT (SELECT COUNT(*) FROM volume_volume WHERE type_id = :id)
                     + (SELECT COUNT(*) FROM volume_snapshot WHERE type_id = :id)""")
                .param("id", id).query(Long.class).single() > 0;
    }

    public void putSpec(String typeId, String key, String value) {
        int updated = jdbc.sql("UPDATE volume_type_extra_spec SET spec_value = ? WHERE type_id = ? AND spec_key = ?")
                .params(value, typeId, key).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO volume_type_extra_spec (type_id, spec_key, spec_value) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING").params(typeId, key, value).update();
        }
    }

    public boolean deleteSpec(String typeId, String key) {
        return jdbc.sql("DELETE FROM volume_type_extra_spec WHERE type_id = ? AND spec_key = ?").params(typeId, key)
                .update() > 0;
    }

    private record Row(String id, String name, String description, boolean isPublic) {
    }

    private record Spec(String typeId, String specKey, String specValue) {
    }

    private List<VolumeType> withSpecs(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> specs = new HashMap<>();
        jdbc.sql("SELECT type_id, spec_key, spec_value FROM volume_type_extra_spec WHERE type_id IN (:ids)")
                .param("ids", rows.stream().map(Row::id).toList()).query(Spec.class).list()
                .forEach(s -> specs.computeIfAbsent(s.typeId(), k -> new TreeMap<>()).put(s.specKey(), s.specValue()));
        List<VolumeType> types = new ArrayList<>();
        for (Row row : rows) {
            types.add(new VolumeType(row.id(), row.name(), row.description(), row.isPublic(),
                    specs.getOrDefault(row.id(), Map.of())));
        }
        return types;
    }
}
