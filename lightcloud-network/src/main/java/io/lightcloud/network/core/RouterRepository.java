package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking.HostRoute;
import io.lightcloud.network.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class RouterRepository {
    private final JdbcClient jdbc;

    public RouterRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(Router r) {
        jdbc.sql("""
                INSERT INTO net_router (id, project_id, name, description, admin_state_up, gateway_network_id,
                  gateway_port_id, enable_snat, routes, host_id, revision_number, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.id(), r.projectId(), r.name(), r.description(), r.adminStateUp(), r.gatewayNetworkId(),
                        r.gatewayPortId(), r.enableSnat(), routes(r.routes()), r.hostId(), r.revisionNumber(),
                        Timestamp.from(r.createdAt()), Timestamp.from(r.updatedAt()))
                .update();
    }

    public void update(Router r) {
        jdbc.sql("""
                UPDATE net_router SET name = ?, description = ?, admin_state_up = ?, gateway_network_id = ?,
                  gateway_port_id = ?, enable_snat = ?, routes = ?, host_id = ?, revision_number = ?, updated_at = ?
                WHERE id = ?""")
                .params(r.name(), r.description(), r.adminStateUp(), r.gatewayNetworkId(), r.gatewayPortId(),
                        r.enableSnat(), routes(r.routes()), r.hostId(), r.revisionNumber(),
                        Timestamp.from(r.updatedAt()), r.id())
                .update();
    }

    public Optional<Router> find(String id) {
        return jdbc.sql("SELECT * FROM net_router WHERE id = ?").param(id).query(RouterRepository::map).optional();
    }

    public Optional<Router> findForUpdate(String id) {
        return jdbc.sql("SELECT * FROM net_router WHERE id = ? FOR UPDATE").param(id).query(RouterRepository::map)
                .optional();
    }

    public List<Router> all() {
        return jdbc.sql("SELECT * FROM net_router ORDER BY created_at, id").query(RouterRepository::map).list();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM net_router WHERE id = ?").param(id).update();
    }

    private static String routes(List<HostRoute> routes) {
        return JsonColumns.write(routes.stream()
                .map(r -> Map.of("destination", r.destination(), "nexthop", r.nexthop())).toList());
    }

    private static Router map(ResultSet rs, int row) throws SQLException {
        List<HostRoute> routes = JsonColumns.objects(rs.getString("routes")).stream()
                .map(r -> new HostRoute(r.get("destination"), r.get("nexthop"))).toList();
        return new Router(rs.getString("id"), rs.getString("project_id"), rs.getString("name"),
                rs.getString("description"), rs.getBoolean("admin_state_up"), rs.getString("gateway_network_id"),
                rs.getString("gateway_port_id"), rs.getBoolean("enable_snat"), routes, rs.getString("host_id"),
                rs.getLong("revision_number"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
