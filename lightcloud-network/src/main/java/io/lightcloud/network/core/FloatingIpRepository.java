package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class FloatingIpRepository {
    private final JdbcClient jdbc;

    public FloatingIpRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(FloatingIp f) {
        jdbc.sql("""
                INSERT INTO net_floatingip (id, project_id, description, floating_network_id, floating_ip_address,
                  port_id, fixed_ip_address, router_id, revision_number, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(f.id(), f.projectId(), f.description(), f.floatingNetworkId(), f.floatingIpAddress(),
                        f.portId(), f.fixedIpAddress(), f.routerId(), f.revisionNumber(),
                        Timestamp.from(f.createdAt()), Timestamp.from(f.updatedAt()))
                .update();
    }

    public void update(FloatingIp f) {
        jdbc.sql("UPDATE net_floatingip SET description = ?, port_id = ?, fixed_ip_address = ?, router_id = ?,"
                + " revision_number = ?, updated_at = ? WHERE id = ?")
                .params(f.description(), f.portId(), f.fixedIpAddress(), f.routerId(), f.revisionNumber(),
                        Timestamp.from(f.updatedAt()), f.id())
                .update();
    }

    public Optional<FloatingIp> find(String id) {
        return jdbc.sql("SELECT * FROM net_floatingip WHERE id = ?").param(id).query(FloatingIpRepository::map)
                .optional();
    }

    public List<FloatingIp> all() {
        return jdbc.sql("SELECT * FROM net_floatingip ORDER BY created_at, id").query(FloatingIpRepository::map)
                .list();
    }

    public List<FloatingIp> byPorts(Collection<String> portIds) {
        if (portIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM net_floatingip WHERE port_id IN (:ids) ORDER BY created_at, id")
                .param("ids", portIds).query(FloatingIpRepository::map).list();
    }

    public List<FloatingIp> byRouter(String routerId) {
        return jdbc.sql("SELECT * FROM net_floatingip WHERE router_id = ? ORDER BY created_at, id").param(routerId)
                .query(FloatingIpRepository::map).list();
    }

    /** Disassociates every floating IP of a port that goes away, as Neutron does on port delete. */
    public int disassociatePort(String portId) {
        return jdbc.sql("UPDATE net_floatingip SET port_id = NULL, fixed_ip_address = NULL, router_id = NULL,"
                + " revision_number = revision_number + 1, updated_at = ? WHERE port_id = ?")
                .params(Timestamp.from(Instant.now()), portId).update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM net_floatingip WHERE id = ?").param(id).update();
    }

    private static FloatingIp map(ResultSet rs, int row) throws SQLException {
        return new FloatingIp(rs.getString("id"), rs.getString("project_id"), rs.getString("description"),
                rs.getString("floating_network_id"), rs.getString("floating_ip_address"), rs.getString("port_id"),
                rs.getString("fixed_ip_address"), rs.getString("router_id"), rs.getLong("revision_number"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
