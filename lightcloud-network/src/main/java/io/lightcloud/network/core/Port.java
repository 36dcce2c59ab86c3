package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A port. {@code deviceId}/{@code deviceOwner}/{@code bindingHostId} are empty strings when unset, as in Neutron.
 * {@code createdForServer} marks ports compute created (deleted with the server) and {@code attachedAt} orders a
 * server's ports.
 */
public record Port(String id, String networkId, String projectId, String name, String description, String macAddress,
        boolean adminStateUp, String deviceId, String deviceOwner, boolean portSecurityEnabled, String bindingHostId,
        String status, List<AddressPair> allowedAddressPairs, boolean createdForServer, String serverTag,
        Instant attachedAt, long revisionNumber, Instant createdAt, Instant updatedAt) {
    public static final String ACTIVE = "ACTIVE";
    public static final String DOWN = "DOWN";
    public static final String OWNER_DHCP = "network:dhcp";
    public static final String OWNER_ROUTER_INTERFACE = "network:router_interface";
    public static final String OWNER_ROUTER_GATEWAY = "network:router_gateway";
    public static final String OWNER_COMPUTE_PREFIX = "compute:";

    public Port {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(deviceId, "deviceId is null");
        requireNonNull(deviceOwner, "deviceOwner is null");
        requireNonNull(bindingHostId, "bindingHostId is null");
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
    }

    public boolean isCompute() {
        return deviceOwner.startsWith(OWNER_COMPUTE_PREFIX);
    }

    public boolean isRouterPort() {
        return deviceOwner.equals(OWNER_ROUTER_INTERFACE) || deviceOwner.equals(OWNER_ROUTER_GATEWAY);
    }

    public boolean isBound() {
        return !bindingHostId.isEmpty();
    }
}
