package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking.HostRoute;
import io.lightcloud.network.address.AllocationPool;
import io.lightcloud.network.address.Ipv4;
import io.lightcloud.network.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SubnetRepository {
    private final JdbcClient jdbc;

    public SubnetRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(Subnet s) {
        jdbc.sql("""
                INSERT INTO net_subnet (id, network_id, project_id, name, description, ip_version, cidr, gateway_ip,
                  enable_dhcp, allocation_pools, dns_nameservers, host_routes, revision_number, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 4, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.id(), s.networkId(), s.projectId(), s.name(), s.description(), s.cidr(), s.gatewayIp(),
                        s.enableDhcp(), pools(s.allocationPools()), JsonColumns.write(s.dnsNameservers()),
                        routes(s.hostRoutes()), s.revisionNumber(), Timestamp.from(s.createdAt()),
                        Timestamp.from(s.updatedAt()))
                .update();
    }

    public void update(Subnet s) {
        jdbc.sql("""
                UPDATE net_subnet SET name = ?, description = ?, gateway_ip = ?, enable_dhcp = ?, allocation_pools = ?,
                  dns_nameservers = ?, host_routes = ?, revision_number = ?, updated_at = ? WHERE id = ?""")
                .params(s.name(), s.description(), s.gatewayIp(), s.enableDhcp(), pools(s.allocationPools()),
                        JsonColumns.write(s.dnsNameservers()), routes(s.hostRoutes()), s.revisionNumber(),
                        Timestamp.from(s.updatedAt()), s.id())
                .update();
    }

    public Optional<Subnet> find(String id) {
        return jdbc.sql("SELECT * FROM net_subnet WHERE id = ?").param(id).query(SubnetRepository::map).optional();
    }

    public List<Subnet> all() {
        return jdbc.sql("SELECT * FROM net_subnet ORDER BY created_at, id").query(SubnetRepository::map).list();
    }

    public List<Subnet> byNetwork(String networkId) {
        return jdbc.sql("SELECT * FROM net_subnet WHERE network_id = ? ORDER BY created_at, id").param(networkId)
                .query(SubnetRepository::map).list();
    }

    public List<Subnet> byNetworks(Collection<String> networkIds) {
        if (networkIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM net_subnet WHERE network_id IN (:ids) ORDER BY created_at, id")
                .param("ids", networkIds).query(SubnetRepository::map).list();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM net_subnet WHERE id = ?").param(id).update();
    }


    private static String pools(List<AllocationPool> pools) {
        return JsonColumns.write(pools.stream().map(AllocationPool::view).toList());
    }

    private static String routes(List<HostRoute> routes) {
        return JsonColumns.write(routes.stream()
                .map(r -> Map.of("destination", r.destination(), "nexthop", r.nexthop())).toList());
    }

    private static Subnet map(ResultSet rs, int row) throws SQLException {
        List<AllocationPool> pools = JsonColumns.objects(rs.getString("allocation_pools")).stream()
                .map(p -> new AllocationPool(Ipv4.parse(p.get("start"), "start"), Ipv4.parse(p.get("end"), "end")))
                .toList();
        List<HostRoute> routes = JsonColumns.objects(rs.getString("host_routes")).stream()
                .map(r -> new HostRoute(r.get("destination"), r.get("nexthop"))).toList();
        return new Subnet(rs.getString("id"), rs.getString("network_id"), rs.getString("project_id"),
                rs.getString("name"), rs.getString("description"), rs.getString("cidr"), rs.getString("gateway_ip"),
                rs.getBoolean("enable_dhcp"), pools, JsonColumns.strings(rs.getString("dns_nameservers")), routes,
                rs.getLong("revision_number"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
