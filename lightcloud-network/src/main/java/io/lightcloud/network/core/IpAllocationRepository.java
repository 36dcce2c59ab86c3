package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.address.Ipv4;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The addresses in use, one row each; the primary key (network, address) refuses any second holder. */
@Repository
public class IpAllocationRepository {
    private final JdbcClient jdbc;

    public IpAllocationRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** A fixed address of a port, or the address of a floating IP. */
    public record Allocation(String networkId, String ipAddress, String subnetId, String portId, String floatingIpId) {
    }

    public void insert(Allocation a) {
        jdbc.sql("INSERT INTO net_ip_allocation (network_id, ip_address, subnet_id, port_id, floatingip_id)"
                + " VALUES (?, ?, ?, ?, ?)")
                .params(a.networkId(), a.ipAddress(), a.subnetId(), a.portId(), a.floatingIpId()).update();
    }

    public Set<Long> usedInSubnet(String subnetId) {
        Set<Long> used = new HashSet<>();
        jdbc.sql("SELECT ip_address FROM net_ip_allocation WHERE subnet_id = ?").param(subnetId)
                .query((rs, row) -> rs.getString(1)).list().forEach(ip -> used.add(Ipv4.parse(ip, "ip_address")));
        return used;
    }

    public boolean inUse(String networkId, String ipAddress) {
        return jdbc.sql("SELECT COUNT(*) FROM net_ip_allocation WHERE network_id = ? AND ip_address = ?")
                .params(networkId, ipAddress).query(Long.class).single() > 0;
    }

    public Optional<Allocation> find(String networkId, String ipAddress) {
        return jdbc.sql("SELECT * FROM net_ip_allocation WHERE network_id = ? AND ip_address = ?")
                .params(networkId, ipAddress).query(IpAllocationRepository::map).optional();
    }

    public long countBySubnet(String subnetId) {
        return jdbc.sql("SELECT COUNT(*) FROM net_ip_allocation WHERE subnet_id = ?").param(subnetId)
                .query(Long.class).single();
    }

    public List<Allocation> byPort(String portId) {
        return jdbc.sql("SELECT * FROM net_ip_allocation WHERE port_id = ? ORDER BY subnet_id, ip_address")
                .param(portId).query(IpAllocationRepository::map).list();
    }

    public List<Allocation> byPorts(Collection<String> portIds) {
        if (portIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM net_ip_allocation WHERE port_id IN (:ids) ORDER BY subnet_id, ip_address")
                .param("ids", portIds).query(IpAllocationRepository::map).list();
    }

    public List<Allocation> fixed() {
        return jdbc.sql("SELECT * FROM net_ip_allocation WHERE port_id IS NOT NULL ORDER BY subnet_id, ip_address")
                .query(IpAllocationRepository::map).list();
    }

    public void deleteByPort(String portId) {
        jdbc.sql("DELETE FROM net_ip_allocation WHERE port_id = ?").param(portId).update();
    }

    public void delete(String networkId, String ipAddress) {
        jdbc.sql("DELETE FROM net_ip_allocation WHERE network_id = ? AND ip_address = ?").params(networkId, ipAddress)
                .update();
    }

    public void deleteByFloatingIp(String floatingIpId) {
        jdbc.sql("DELETE FROM net_ip_allocation WHERE floatingip_id = ?").param(floatingIpId).update();
    }

    private static Allocation map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Allocation(rs.getString("network_id"), rs.getString("ip_address"), rs.getString("subnet_id"),
                rs.getString("port_id"), rs.getString("floatingip_id"));
    }
}
