package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public UserRepository(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
    }

    public Optional<User> find(String id) {
        return jdbc.sql("SELECT * FROM identity_user WHERE id = ?").param(id).query(this::map).optional();
    }

    public Optional<User> findByName(String domainId, String name) {
        return jdbc.sql("SELECT * FROM identity_user WHERE domain_id = ? AND name = ?").params(domainId, name)
                .query(this::map).optional();
    }

    public List<User> list() {
        return jdbc.sql("SELECT * FROM identity_user ORDER BY name, id").query(this::map).list();
    }

    public List<User> listByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM identity_user WHERE id IN (:ids) ORDER BY name, id").param("ids", ids)
                .query(this::map).list();
    }

    public void insert(User u) {
        jdbc.sql("""
                INSERT INTO identity_user (id, name, domain_id, enabled, password_hash, default_project_id, extra,
                                           failed_auth_count, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)""")
                .params(u.id(), u.name(), u.domainId(), u.enabled(), u.passwordHash(), u.defaultProjectId(),
                        json.write(u.extra()), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    public void update(User u) {
        jdbc.sql("""
                UPDATE identity_user SET name = ?, enabled = ?, password_hash = ?, default_project_id = ?, extra = ?
                WHERE id = ?""")
                .params(u.name(), u.enabled(), u.passwordHash(), u.defaultProjectId(), json.write(u.extra()), u.id())
                .update();
    }

    /**
     * Counts a password attempt as failed before its (slow) hash is checked, in one atomic statement, so parallel
     * guesses each count and none is admitted once the user is locked; a correct password clears the count again.
     * A lock that has run out starts a new count. Returns false when the user is locked.
     */
    public boolean admitPasswordAttempt(String id, LoginLockout lockout, Instant now) {
        OffsetDateTime runOut = lockout.lockRunOutBefore(now).atOffset(ZoneOffset.UTC);
        return jdbc.sql("""
                UPDATE identity_user
                SET failed_auth_count = CASE WHEN failed_auth_count >= :limit THEN 1 ELSE failed_auth_count + 1 END,
                    failed_auth_at = :now
                WHERE id = :id
                  AND NOT (failed_auth_count >= :limit AND failed_auth_at IS NOT NULL AND failed_auth_at > :runOut)""")
                .param("limit", lockout.lockingCount()).param("now", now.atOffset(ZoneOffset.UTC))
                .param("id", id).param("runOut", runOut)
                .update() == 1;
    }

    public void clearFailedAuth(String id) {
        jdbc.sql("UPDATE identity_user SET failed_auth_count = 0, failed_auth_at = NULL WHERE id = ?").param(id)
                .update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM identity_user WHERE id = ?").param(id).update();
    }

    private User map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime failedAt = rs.getObject("failed_auth_at", OffsetDateTime.class);
        return new User(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"), rs.getBoolean("enabled"),
                rs.getString("password_hash"), rs.getString("default_project_id"), json.readMap(rs.getString("extra")),
                rs.getInt("failed_auth_count"), failedAt == null ? null : failedAt.toInstant());
    }
}
