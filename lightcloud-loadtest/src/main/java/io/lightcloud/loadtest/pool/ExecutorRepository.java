package io.lightcloud.loadtest.pool;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The executors of the shared pool and their credentials' hashes. */
@Repository
public class ExecutorRepository {
    private static final String COLUMNS = "id, name, managed, hostname, capacity_users, capacity_rate, registered_at, "
            + "last_seen_at, created_at";

    private final JdbcClient jdbc;

    public ExecutorRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void create(String id, String name, String secretHash, boolean managed) {
        jdbc.sql("INSERT INTO loadtest_executor (id, name, secret_hash, managed, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, name, secretHash, managed, now()).update();
    }

    public void rotate(String id, String secretHash) {
        jdbc.sql("UPDATE loadtest_executor SET secret_hash = ? WHERE id = ?").params(secretHash, id).update();
    }

    public Optional<String[]> credential(String id) {
        return jdbc.sql("SELECT name, secret_hash FROM loadtest_executor WHERE id = ?").param(id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    public void register(String id, String hostname, int capacityUsers, double capacityRate) {
        OffsetDateTime now = now();
        jdbc.sql("UPDATE loadtest_executor SET hostname = ?, capacity_users = ?, capacity_rate = ?, registered_at = ?, "
                + "last_seen_at = ? WHERE id = ?").params(hostname, capacityUsers, capacityRate, now, now, id).update();
    }

    public void touch(String id) {
        jdbc.sql("UPDATE loadtest_executor SET last_seen_at = ? WHERE id = ?").params(now(), id).update();
    }

    public List<ExecutorView> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM loadtest_executor ORDER BY created_at, id").query(this::view)
                .list();
    }

    public Optional<ExecutorView> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM loadtest_executor WHERE id = ?").param(id).query(this::view)
                .optional();
    }

    /** Registered executors heard from since {@code since}. */
    public List<ExecutorView> alive(OffsetDateTime since) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM loadtest_executor WHERE registered_at IS NOT NULL "
                + "AND last_seen_at >= ? ORDER BY id").param(since).query(this::view).list();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM loadtest_executor WHERE id = ?").param(id).update() > 0;
    }

    private ExecutorView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ExecutorView(rs.getString("id"), rs.getString("name"), rs.getBoolean("managed"),
                rs.getString("hostname"), rs.getInt("capacity_users"), rs.getDouble("capacity_rate"),
                rs.getObject("registered_at", OffsetDateTime.class), rs.getObject("last_seen_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
