package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ApplicationCredentialRepository {
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public ApplicationCredentialRepository(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
    }

    public Optional<ApplicationCredential> find(String id) {
        return jdbc.sql("SELECT * FROM identity_application_credential WHERE id = ?").param(id).query(this::map)
                .optional();
    }

    public Optional<ApplicationCredential> findByName(String userId, String name) {
        return jdbc.sql("SELECT * FROM identity_application_credential WHERE user_id = ? AND name = ?")
                .params(userId, name).query(this::map).optional();
    }

    public List<ApplicationCredential> listForUser(String userId) {
        return jdbc.sql("SELECT * FROM identity_application_credential WHERE user_id = ? ORDER BY name")
                .param(userId).query(this::map).list();
    }

    public void insert(ApplicationCredential c) {
        jdbc.sql("""
                INSERT INTO identity_application_credential (id, name, user_id, project_id, description, secret_hash,
                    expires_at, unrestricted, role_ids, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id(), c.name(), c.userId(), c.projectId(), c.description(), c.secretHash(),
                        c.expiresAt() == null ? null : c.expiresAt().atOffset(ZoneOffset.UTC), c.unrestricted(),
                        json.write(c.roleIds()), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM identity_application_credential WHERE id = ?").param(id).update() > 0;
    }

    private ApplicationCredential map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
        return new ApplicationCredential(rs.getString("id"), rs.getString("name"), rs.getString("user_id"),
                rs.getString("project_id"), rs.getString("description"), rs.getString("secret_hash"),
                expires == null ? null : expires.toInstant(), rs.getBoolean("unrestricted"),
                json.readList(rs.getString("role_ids")));
    }
}
