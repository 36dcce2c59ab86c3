package io.lightcloud.network.autoallocate;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which network and router were made for a project's auto-allocated topology; one per project. */
@Repository
public class AutoAllocatedTopologyRepository {
    private final JdbcClient jdbc;

    public AutoAllocatedTopologyRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<Topology> find(String projectId) {
        return jdbc.sql("SELECT * FROM net_auto_allocated_topology WHERE project_id = ?").param(projectId)
                .query((rs, row) -> new Topology(rs.getString("project_id"), rs.getString("network_id"),
                        rs.getString("router_id")))
                .optional();
    }

    public void insert(Topology topology) {
        jdbc.sql("INSERT INTO net_auto_allocated_topology (project_id, network_id, router_id) VALUES (?, ?, ?)")
                .params(topology.projectId(), topology.networkId(), topology.routerId()).update();
    }

    public void delete(String projectId) {
        jdbc.sql("DELETE FROM net_auto_allocated_topology WHERE project_id = ?").param(projectId).update();
    }

    /** {@code routerId} is null once the router was deleted on its own. */
    public record Topology(String projectId, String networkId, String routerId) {
        public Topology {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(networkId, "networkId is null");
        }
    }
}
