package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class RoleRepository {
    private static final String GLOBAL = "";

    private final JdbcClient jdbc;

    public RoleRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<Role> find(String id) {
        return jdbc.sql("SELECT * FROM identity_role WHERE id = ?").param(id).query(RoleRepository::map).optional();
    }

    public Optional<Role> findGlobalByName(String name) {
        return jdbc.sql("SELECT * FROM identity_role WHERE domain_id = ? AND name = ?").params(GLOBAL, name)
                .query(RoleRepository::map).optional();
    }

    public List<Role> list() {
        return jdbc.sql("SELECT * FROM identity_role ORDER BY name, id").query(RoleRepository::map).list();
    }

    public Map<String, Role> byId() {
        Map<String, Role> roles = new HashMap<>();
        list().forEach(r -> roles.put(r.id(), r));
        return roles;
    }

    public void insert(Role r) {
        jdbc.sql("INSERT INTO identity_role (id, name, domain_id, description, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(r.id(), r.name(), r.domainId() == null ? GLOBAL : r.domainId(), r.description(),
                        OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    public void update(Role r) {
        jdbc.sql("UPDATE identity_role SET name = ?, description = ? WHERE id = ?")
                .params(r.name(), r.description(), r.id()).update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM identity_role WHERE id = ?").param(id).update();
    }

    /** Every prior → implied pair. */
    public List<String[]> implications() {
        return jdbc.sql("SELECT prior_role_id, implied_role_id FROM identity_implied_role")
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    public void addImplication(String priorId, String impliedId) {
        jdbc.sql("""
                INSERT INTO identity_implied_role (prior_role_id, implied_role_id)
                SELECT ?, ? WHERE NOT EXISTS (
                    SELECT 1 FROM identity_implied_role WHERE prior_role_id = ? AND implied_role_id = ?)""")
                .params(priorId, impliedId, priorId, impliedId).update();
    }

    public boolean removeImplication(String priorId, String impliedId) {
        return jdbc.sql("DELETE FROM identity_implied_role WHERE prior_role_id = ? AND implied_role_id = ?")
                .params(priorId, impliedId).update() > 0;
    }

    private static Role map(ResultSet rs, int row) throws SQLException {
        String domainId = rs.getString("domain_id");
        return new Role(rs.getString("id"), rs.getString("name"), GLOBAL.equals(domainId) ? null : domainId,
                rs.getString("description"));
    }
}
