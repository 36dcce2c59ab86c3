package io.lightcloud.compute.keypair;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class KeypairRepository {
    private final JdbcClient jdbc;

    public KeypairRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<Keypair> find(String userId, String name) {
        return jdbc.sql("SELECT * FROM compute_keypair WHERE user_id = ? AND name = ?").params(userId, name)
                .query(this::map).optional();
    }

    public List<Keypair> list(String userId) {
        return jdbc.sql("SELECT * FROM compute_keypair WHERE user_id = ? ORDER BY name").param(userId)
                .query(this::map).list();
    }

    public Keypair insert(String userId, String name, String type, String fingerprint, String publicKey,
            OffsetDateTime createdAt) {
        jdbc.sql("""
                INSERT INTO compute_keypair (user_id, name, key_type, fingerprint, public_key, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""").params(userId, name, type, fingerprint, publicKey, createdAt).update();
        return find(userId, name).orElseThrow();
    }

    public boolean delete(String userId, String name) {
        return jdbc.sql("DELETE FROM compute_keypair WHERE user_id = ? AND name = ?").params(userId, name).update() > 0;
    }

    private Keypair map(ResultSet rs, int row) throws SQLException {
        return new Keypair(rs.getLong("id"), rs.getString("user_id"), rs.getString("name"), rs.getString("key_type"),
                rs.getString("fingerprint"), rs.getString("public_key"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
