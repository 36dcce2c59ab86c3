package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProjectRepository {
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public ProjectRepository(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
    }

    public Optional<Project> find(String id) {
        return jdbc.sql("SELECT * FROM identity_project WHERE id = ?").param(id).query(this::map).optional();
    }

    public Optional<Project> findByName(String domainId, String name) {
        return jdbc.sql("SELECT * FROM identity_project WHERE domain_id = ? AND name = ?").params(domainId, name)
                .query(this::map).optional();
    }

    public List<Project> list() {
        return jdbc.sql("SELECT * FROM identity_project ORDER BY name, id").query(this::map).list();
    }

    public List<Project> listByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM identity_project WHERE id IN (:ids) ORDER BY name, id").param("ids", ids)
                .query(this::map).list();
    }

    public List<Project> listByDomain(String domainId) {
        return jdbc.sql("SELECT * FROM identity_project WHERE domain_id = ? ORDER BY name, id").param(domainId)
                .query(this::map).list();
    }

    public boolean hasChildren(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM identity_project WHERE parent_id = ?").param(id).query(Long.class)
                .single() > 0;
    }

    public void insert(Project p) {
        jdbc.sql("""
                INSERT INTO identity_project (id, name, domain_id, parent_id, description, enabled, tags, extra, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.id(), p.name(), p.domainId(), p.parentId(), p.description(), p.enabled(),
                        json.write(p.tags()), json.write(p.extra()), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    public void update(Project p) {
        jdbc.sql("UPDATE identity_project SET name = ?, description = ?, enabled = ?, tags = ?, extra = ? WHERE id = ?")
                .params(p.name(), p.description(), p.enabled(), json.write(p.tags()), json.write(p.extra()), p.id())
                .update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM identity_project WHERE id = ?").param(id).update();
    }

    private Project map(ResultSet rs, int row) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"),
                rs.getString("parent_id"), rs.getString("description"), rs.getBoolean("enabled"),
                json.readList(rs.getString("tags")), json.readMap(rs.getString("extra")));
    }
}
