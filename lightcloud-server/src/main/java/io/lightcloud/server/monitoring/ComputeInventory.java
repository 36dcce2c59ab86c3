package io.lightcloud.server.monitoring;

import static java.util.Objects.requireNonNull;

import io.lightcloud.monitoring.inventory.MonitoredInventory;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Compute's servers and hosts for monitoring, read from compute's tables (deleted servers excluded). */
final class ComputeInventory implements MonitoredInventory {
    private final JdbcClient jdbc;

    ComputeInventory(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public Optional<MonitoredServer> server(String serverId) {
        return jdbc.sql("SELECT id, project_id, host_id FROM compute_instance WHERE id = ? AND deleted_at IS NULL")
                .param(serverId)
                .query((rs, row) -> new MonitoredServer(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    @Override
    public List<String> serversWithTag(String projectId, String tag) {
        return jdbc.sql("SELECT i.id FROM compute_instance i JOIN compute_instance_tag t ON t.instance_id = i.id"
                        + " WHERE i.project_id = ? AND t.tag = ? AND i.deleted_at IS NULL ORDER BY i.id")
                .param(projectId).param(tag).query(String.class).list();
    }

    @Override
    public List<MonitoredHost> hosts() {
        return jdbc.sql("SELECT id, hostname, host_ip FROM compute_host WHERE registered_at IS NOT NULL ORDER BY seq")
                .query((rs, row) -> new MonitoredHost(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    @Override
    public Optional<MonitoredHost> host(String hostId) {
        return jdbc.sql("SELECT id, hostname, host_ip FROM compute_host WHERE id = ?").param(hostId)
                .query((rs, row) -> new MonitoredHost(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }
}
