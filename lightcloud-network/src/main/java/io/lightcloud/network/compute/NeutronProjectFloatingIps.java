package io.lightcloud.network.compute;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ProjectFloatingIps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Floating IPs for Nova's {@code os-floating-ips} proxy: the instance is the device of a compute-owned port. */
@Component
public class NeutronProjectFloatingIps implements ProjectFloatingIps {
    private static final String SELECT = """
            SELECT f.id, f.floating_ip_address, n.name AS pool, f.fixed_ip_address, p.device_id, p.device_owner
            FROM net_floatingip f JOIN net_network n ON n.id = f.floating_network_id
            LEFT JOIN net_port p ON p.id = f.port_id
            WHERE f.project_id = ?""";

    private final JdbcClient jdbc;

    public NeutronProjectFloatingIps(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public List<FloatingIp> list(String projectId) {
        return jdbc.sql(SELECT + " ORDER BY f.floating_ip_address, f.id").param(projectId)
                .query(NeutronProjectFloatingIps::map).list();
    }

    @Override
    public Optional<FloatingIp> find(String projectId, String floatingIpId) {
        return jdbc.sql(SELECT + " AND f.id = ?").params(projectId, floatingIpId)
                .query(NeutronProjectFloatingIps::map).optional();
    }

    private static FloatingIp map(ResultSet rs, int row) throws SQLException {
        String owner = rs.getString("device_owner");
        boolean onServer = owner != null && owner.startsWith("compute:") && rs.getString("fixed_ip_address") != null;
        return new FloatingIp(rs.getString("id"), rs.getString("floating_ip_address"), rs.getString("pool"),
                onServer ? rs.getString("fixed_ip_address") : null, onServer ? rs.getString("device_id") : null);
    }
}
