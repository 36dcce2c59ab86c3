package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class NetworkRepository {
    private final JdbcClient jdbc;

    public NetworkRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(Network n) {
        jdbc.sql("""
                INSERT INTO net_network (id, project_id, name, description, admin_state_up, shared, router_external,
                  is_default, network_type, physical_network, segmentation_id, mtu, port_security_enabled, dhcp_host_id,
                  revision_number, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(n.id(), n.projectId(), n.name(), n.description(), n.adminStateUp(), n.shared(), n.external(),
                        n.isDefault(), n.networkType(), n.physicalNetwork(), n.segmentationId(), n.mtu(),
                        n.portSecurityEnabled(), n.dhcpHostId(), n.revisionNumber(), Timestamp.from(n.createdAt()),
                        Timestamp.from(n.updatedAt()))
                .update();
    }

    public void update(Network n) {
        jdbc.sql("""
                UPDATE net_network SET name = ?, description = ?, admin_state_up = ?, shared = ?, router_external = ?,
                  is_default = ?, mtu = ?, port_security_enabled = ?, dhcp_host_id = ?, revision_number = ?,
                  updated_at = ?
                WHERE id = ?""")
                .params(n.name(), n.description(), n.adminStateUp(), n.shared(), n.external(), n.isDefault(), n.mtu(),
                        n.portSecurityEnabled(), n.dhcpHostId(), n.revisionNumber(), Timestamp.from(n.updatedAt()),
                        n.id())
                .update();
    }

    public Optional<Network> find(String id) {
        return jdbc.sql("SELECT * FROM net_network WHERE id = ?").param(id).query(NetworkRepository::map).optional();
    }

    public List<Network> all() {
        return jdbc.sql("SELECT * FROM net_network ORDER BY created_at, id").query(NetworkRepository::map).list();
    }

    public List<Network> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM net_network WHERE id IN (:ids)").param("ids", ids)
                .query(NetworkRepository::map).list();
    }

    /** The networks a project sees: its own, shared and external ones. */
    public List<Network> visibleTo(String projectId) {
        return jdbc.sql("SELECT * FROM net_network WHERE project_id = ? OR shared OR router_external"
                + " ORDER BY created_at, id").param(projectId).query(NetworkRepository::map).list();
    }

    /** The default external network, if an admin marked one. */
    public Optional<Network> defaultExternal() {
        return jdbc.sql("SELECT * FROM net_network WHERE router_external AND is_default ORDER BY created_at, id")
                .query(NetworkRepository::map).stream().findFirst();
    }

    public boolean segmentTaken(String networkType, int segmentationId) {
        return jdbc.sql("SELECT COUNT(*) FROM net_network WHERE network_type = ? AND segmentation_id = ?")
                .params(networkType, segmentationId).query(Long.class).single() > 0;
    }

    public List<Integer> segmentsInUse(String networkType, int first, int last) {
        return jdbc.sql("SELECT segmentation_id FROM net_network WHERE network_type = ? AND segmentation_id BETWEEN ? AND ?")
                .params(networkType, first, last).query(Integer.class).list();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM net_network WHERE id = ?").param(id).update();
    }

    private static Network map(ResultSet rs, int row) throws SQLException {
        int segment = rs.getInt("segmentation_id");
        Integer segmentationId = rs.wasNull() ? null : segment;
        return new Network(rs.getString("id"), rs.getString("project_id"), rs.getString("name"),
                rs.getString("description"), rs.getBoolean("admin_state_up"), rs.getBoolean("shared"),
                rs.getBoolean("router_external"), rs.getBoolean("is_default"), rs.getString("network_type"),
                rs.getString("physical_network"),                 segmentationId, rs.getInt("mtu"), rs.getBoolean("port_security_enabled"),
                rs.getString("dhcp_host_id"), rs.getLong("revision_number"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
