package io.lightcloud.monitoring.inventory;

import java.util.List;
import java.util.Optional;

/**
 * What monitoring needs to know about servers and hosts, implemented by the assembly over compute's records (the
 * monitoring module depends on no service module). Deleted servers are absent.
 */
public interface MonitoredInventory {
    Optional<MonitoredServer> server(String serverId);

    /** The ids of a project's servers that carry {@code tag}. */
    List<String> serversWithTag(String projectId, String tag);

    /** Every registered host with the address its agent and node exporter listen on. */
    List<MonitoredHost> hosts();

    Optional<MonitoredHost> host(String hostId);

    record MonitoredServer(String id, String projectId, String hostId) {
    }

    record MonitoredHost(String id, String hostname, String address) {
    }
}
