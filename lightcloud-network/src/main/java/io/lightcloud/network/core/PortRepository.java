package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PortRepository {
    private final JdbcClient jdbc;

    public PortRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(Port p) {
        jdbc.sql("""
                INSERT INTO net_port (id, network_id, project_id, name, description, mac_address, admin_state_up,
                  device_id, device_owner, port_security_enabled, binding_host_id, status, allowed_address_pairs,
                  created_for_server, server_tag, attached_at, revision_number, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.id(), p.networkId(), p.projectId(), p.name(), p.description(), p.macAddress(),
                        p.adminStateUp(), p.deviceId(), p.deviceOwner(), p.portSecurityEnabled(), p.bindingHostId(),
                        p.status(), pairs(p.allowedAddressPairs()), p.createdForServer(), p.serverTag(),
                        timestamp(p.attachedAt()), p.revisionNumber(), Timestamp.from(p.createdAt()),
                        Timestamp.from(p.updatedAt()))
                .update();
    }

    public void update(Port p) {
        jdbc.sql("""
                UPDATE net_port SET name = ?, description = ?, mac_address = ?, admin_state_up = ?, device_id = ?,
                  device_owner = ?, port_security_enabled = ?, binding_host_id = ?, status = ?,
                  allowed_address_pairs = ?, created_for_server = ?, server_tag = ?, attached_at = ?,
                  revision_number = ?, updated_at = ?
                WHERE id = ?""")
                .params(p.name(), p.description(), p.macAddress(), p.adminStateUp(), p.deviceId(), p.deviceOwner(),
                        p.portSecurityEnabled(), p.bindingHostId(), p.status(), pairs(p.allowedAddressPairs()),
                        p.createdForServer(), p.serverTag(), timestamp(p.attachedAt()), p.revisionNumber(),
                        Timestamp.from(p.updatedAt()), p.id())
                .update();
    }

    public Optional<Port> find(String id) {
        return jdbc.sql("SELECT * FROM net_port WHERE id = ?").param(id).query(PortRepository::map).optional();
    }


    public List<Port> all() {
        return jdbc.sql("SELECT * FROM net_port ORDER BY created_at, id").query(PortRepository::map).list();
    }

    public List<Port> byNetwork(String networkId) {
        return jdbc.sql("SELECT * FROM net_port WHERE network_id = ? ORDER BY created_at, id").param(networkId)
                .query(PortRepository::map).list();
    }

    public List<Port> byDevice(String deviceId) {
        return jdbc.sql("SELECT * FROM net_port WHERE device_id = ? ORDER BY attached_at, created_at, id")
                .param(deviceId).query(PortRepository::map).list();
    }

    public List<Port> byDevices(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM net_port WHERE device_id IN (:ids) ORDER BY attached_at, created_at, id")
                .param("ids", deviceIds).query(PortRepository::map).list();
    }

    public boolean macInUse(String macAddress) {
        return jdbc.sql("SELECT COUNT(*) FROM net_port WHERE mac_address = ?").param(macAddress).query(Long.class)
                .single() > 0;
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM net_port WHERE id = ?").param(id).update();
    }

    public void setSecurityGroups(String portId, Collection<String> groupIds) {
        jdbc.sql("DELETE FROM net_port_security_group WHERE port_id = ?").param(portId).update();
        for (String group : groupIds) {
            jdbc.sql("INSERT INTO net_port_security_group (port_id, security_group_id) VALUES (?, ?)")
                    .params(portId, group).update();
        }
    }

    public List<String> securityGroups(String portId) {
        return jdbc.sql("SELECT security_group_id FROM net_port_security_group WHERE port_id = ? ORDER BY security_group_id")
                .param(portId).query(String.class).list();
    }

    /** The security groups of these ports, by port. */
    public Map<String, List<String>> securityGroupsByPorts(Collection<String> portIds) {
        Map<String, List<String>> groups = new HashMap<>();
        if (portIds.isEmpty()) {
            return groups;
        }
        jdbc.sql("SELECT port_id, security_group_id FROM net_port_security_group WHERE port_id IN (:ids) "
                + "ORDER BY security_group_id").param("ids", portIds)
                .query(rs -> {
                    groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return groups;
    }

    /** Every port's security groups, by port. */
    public Map<String, List<String>> securityGroupsByPort() {
        Map<String, List<String>> groups = new HashMap<>();
        jdbc.sql("SELECT port_id, security_group_id FROM net_port_security_group ORDER BY security_group_id")
                .query(rs -> {
                    groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return groups;
    }

    public boolean groupInUse(String groupId) {
        return jdbc.sql("SELECT COUNT(*) FROM net_port_security_group WHERE security_group_id = ?").param(groupId)
                .query(Long.class).single() > 0;
    }

    private static String pairs(List<AddressPair> pairs) {
        return JsonColumns.write(pairs.stream().map(AddressPair::view).toList());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Port map(ResultSet rs, int row) throws SQLException {
        List<AddressPair> pairs = JsonColumns.objects(rs.getString("allowed_address_pairs")).stream()
                .map(p -> new AddressPair(p.get("ip_address"), p.get("mac_address"))).toList();
        Timestamp attached = rs.getTimestamp("attached_at");
        return new Port(rs.getString("id"), rs.getString("network_id"), rs.getString("project_id"),
                rs.getString("name"), rs.getString("description"), rs.getString("mac_address"),
                rs.getBoolean("admin_state_up"), rs.getString("device_id"), rs.getString("device_owner"),
                rs.getBoolean("port_security_enabled"), rs.getString("binding_host_id"), rs.getString("status"),
                pairs, rs.getBoolean("created_for_server"), rs.getString("server_tag"),
                attached == null ? null : attached.toInstant(), rs.getLong("revision_number"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
