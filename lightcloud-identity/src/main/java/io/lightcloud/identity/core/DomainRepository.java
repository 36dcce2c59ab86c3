package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DomainRepository {
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public DomainRepository(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
    }

    public Optional<Domain> find(String id) {
        return jdbc.sql("SELECT * FROM identity_domain WHERE id = ?").param(id).query(this::map).optional();
    }

    /** The domain a new project, user or group goes into: the one named, else the caller's, else default. */
    public String existingOrDefault(Optional<String> named, AuthContext caller) {
        String id = named.orElse(caller.projectDomainId() != null ? caller.projectDomainId() : Domain.DEFAULT_ID);
        if (find(id).isEmpty()) {
            throw ApiException.notFound("Could not find domain: " + id + ".");
        }
        return id;
    }

    public Optional<Domain> findByName(String name) {
        return jdbc.sql("SELECT * FROM identity_domain WHERE name = ?").param(name).query(this::map).optional();
    }

    public List<Domain> list() {
        return jdbc.sql("SELECT * FROM identity_domain ORDER BY name").query(this::map).list();
    }

    public void insert(Domain domain) {
        jdbc.sql("INSERT INTO identity_domain (id, name, description, enabled, extra, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(domain.id(), domain.name(), domain.description(), domain.enabled(), json.write(domain.extra()),
                        OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    public void update(Domain domain) {
        jdbc.sql("UPDATE identity_domain SET name = ?, description = ?, enabled = ?, extra = ? WHERE id = ?")
                .params(domain.name(), domain.description(), domain.enabled(), json.write(domain.extra()), domain.id())
                .update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM identity_domain WHERE id = ?").param(id).update();
    }

    private Domain map(ResultSet rs, int row) throws SQLException {
        return new Domain(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getBoolean("enabled"), json.readMap(rs.getString("extra")));
    }
}
