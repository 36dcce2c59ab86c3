package io.lightcloud.network.host;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the network service knows of each agent host: its tunnel endpoint, flat networks and last poll. */
@Repository
public class AgentHostRepository {
    private final JdbcClient jdbc;

    public AgentHostRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public record NetworkHost(String hostId, String hostname, String tunnelIp, List<String> physicalNetworks,
            Instant lastSeenAt) {
        public NetworkHost {
            physicalNetworks = List.copyOf(physicalNetworks);
        }
    }

    public Optional<NetworkHost> find(String hostId) {
        return jdbc.sql("SELECT * FROM net_agent_host WHERE host_id = ?").param(hostId)
                .query(AgentHostRepository::map).optional();
    }

    public List<NetworkHost> all() {
        return jdbc.sql("SELECT * FROM net_agent_host ORDER BY host_id").query(AgentHostRepository::map).list();
    }

    public void insert(NetworkHost host) {
        jdbc.sql("INSERT INTO net_agent_host (host_id, hostname, tunnel_ip, physical_networks, last_seen_at)"
                + " VALUES (?, ?, ?, ?, ?)")
                .params(host.hostId(), host.hostname(), host.tunnelIp(), JsonColumns.write(host.physicalNetworks()),
                        Timestamp.from(host.lastSeenAt()))
                .update();
    }

    public void update(NetworkHost host) {
        jdbc.sql("UPDATE net_agent_host SET hostname = ?, tunnel_ip = ?, physical_networks = ?, last_seen_at = ?"
                + " WHERE host_id = ?")
                .params(host.hostname(), host.tunnelIp(), JsonColumns.write(host.physicalNetworks()),
                        Timestamp.from(host.lastSeenAt()), host.hostId())
                .update();
    }

    private static NetworkHost map(ResultSet rs, int row) throws SQLException {
        return new NetworkHost(rs.getString("host_id"), rs.getString("hostname"), rs.getString("tunnel_ip"),
                JsonColumns.strings(rs.getString("physical_networks")), rs.getTimestamp("last_seen_at").toInstant());
    }
}
