package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking.HostRoute;
import java.time.Instant;
import java.util.List;

/**
 * A router. With an external gateway, {@code gatewayNetworkId} and {@code gatewayPortId} are set; {@code hostId} is
 * the host it was placed on (null until placed). Its interfaces are its {@code network:router_interface} ports.
 */
public record Router(String id, String projectId, String name, String description, boolean adminStateUp,
        String gatewayNetworkId, String gatewayPortId, boolean enableSnat, List<HostRoute> routes, String hostId,
        long revisionNumber, Instant createdAt, Instant updatedAt) {
    public Router {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        routes = List.copyOf(routes);
    }

    public boolean hasGateway() {
        return gatewayNetworkId != null;
    }

    public Router withHost(String host) {
        return new Router(id, projectId, name, description, adminStateUp, gatewayNetworkId, gatewayPortId,
                enableSnat, routes, host, revisionNumber, createdAt, updatedAt);
    }
}
