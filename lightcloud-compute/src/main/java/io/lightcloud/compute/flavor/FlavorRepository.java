package io.lightcloud.compute.flavor;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class FlavorRepository {
    private final JdbcClient jdbc;

    public FlavorRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<Flavor> find(String id) {
        return jdbc.sql("SELECT * FROM compute_flavor WHERE id = ?").param(id).query(this::map).optional()
                .map(f -> f.withExtraSpecs(extraSpecs(id)));
    }

    public boolean nameExists(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM compute_flavor WHERE name = ?").param(name).query(Long.class).single() > 0;
    }

    /** Every flavor with its extra specs, read in two queries. */
    public List<Flavor> list() {
        Map<String, Map<String, String>> specs = new HashMap<>();
        jdbc.sql("SELECT flavor_id, spec_key, spec_value FROM compute_flavor_extra_spec").query(rs -> {
            specs.computeIfAbsent(rs.getString("flavor_id"), k -> new TreeMap<>())
                    .put(rs.getString("spec_key"), rs.getString("spec_value"));
        });
        return jdbc.sql("SELECT * FROM compute_flavor").query(this::map).list().stream()
                .map(f -> f.withExtraSpecs(specs.getOrDefault(f.id(), Map.of()))).toList();
    }

    public void insert(Flavor f) {
        jdbc.sql("""
                INSERT INTO compute_flavor (id, name, vcpus, memory_mb, root_gb, ephemeral_gb, swap_mb, rxtx_factor,
                    is_public, disabled, description, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(f.id(), f.name(), f.vcpus(), f.memoryMb(), f.rootGb(), f.ephemeralGb(), f.swapMb(),
                        f.rxtxFactor(), f.isPublic(), f.disabled(), f.description(), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    public void updateDescription(String id, String description) {
        jdbc.sql("UPDATE compute_flavor SET description = ? WHERE id = ?").params(description, id).update();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM compute_flavor WHERE id = ?").param(id).update() > 0;
    }

    public Map<String, String> extraSpecs(String flavorId) {
        Map<String, String> specs = new TreeMap<>();
        jdbc.sql("SELECT spec_key, spec_value FROM compute_flavor_extra_spec WHERE flavor_id = ?").param(flavorId)
                .query(rs -> {
                    specs.put(rs.getString("spec_key"), rs.getString("spec_value"));
                });
        return specs;
    }

    /** Sets each key, replacing existing values; runs in the caller's transaction. */
    public void putExtraSpecs(String flavorId, Map<String, String> specs) {
        specs.forEach((key, value) -> {
            int updated = jdbc.sql("UPDATE compute_flavor_extra_spec SET spec_value = ? WHERE flavor_id = ? AND spec_key = ?")
                    .params(value, flavorId, key).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO compute_flavor_extra_spec (flavor_id, spec_key, spec_value) VALUES (?, ?, ?)")
                        .params(flavorId, key, value).update();
            }
        });
    }

    public boolean deleteExtraSpec(String flavorId, String key) {
        return jdbc.sql("DELETE FROM compute_flavor_extra_spec WHERE flavor_id = ? AND spec_key = ?")
                .params(flavorId, key).update() > 0;
    }

    public List<String> accessProjects(String flavorId) {
        return jdbc.sql("SELECT project_id FROM compute_flavor_access WHERE flavor_id = ? ORDER BY project_id")
                .param(flavorId).query(String.class).list();
    }

    public List<String> flavorsAccessibleTo(String projectId) {
        return jdbc.sql("SELECT flavor_id FROM compute_flavor_access WHERE project_id = ?").param(projectId)
                .query(String.class).list();
    }

    public boolean hasAccess(String flavorId, String projectId) {
        return jdbc.sql("SELECT COUNT(*) FROM compute_flavor_access WHERE flavor_id = ? AND project_id = ?")
                .params(flavorId, projectId).query(Long.class).single() > 0;
    }

    public void addAccess(String flavorId, String projectId) {
        jdbc.sql("INSERT INTO compute_flavor_access (flavor_id, project_id) VALUES (?, ?)").params(flavorId, projectId)
                .update();
    }

    public boolean removeAccess(String flavorId, String projectId) {
        return jdbc.sql("DELETE FROM compute_flavor_access WHERE flavor_id = ? AND project_id = ?")
                .params(flavorId, projectId).update() > 0;
    }

    private Flavor map(ResultSet rs, int row) throws SQLException {
        return new Flavor(rs.getString("id"), rs.getString("name"), rs.getInt("vcpus"), rs.getInt("memory_mb"),
                rs.getInt("root_gb"), rs.getInt("ephemeral_gb"), rs.getInt("swap_mb"), rs.getDouble("rxtx_factor"),
                rs.getBoolean("is_public"), rs.getBoolean("disabled"), rs.getString("description"), Map.of());
    }
}
