package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A network: a VXLAN segment ({@code segmentationId} its VNI) or a flat provider network on {@code physicalNetwork}.
 * {@code dhcpHostId} is the host whose agent serves its DHCP, once one was picked. {@code isDefault} marks the one
 * external network that auto-allocated topologies are connected to.
 */
public record Network(String id, String projectId, String name, String description, boolean adminStateUp,
        boolean shared, boolean external, boolean isDefault, String networkType, String physicalNetwork,
        Integer segmentationId, int mtu, boolean portSecurityEnabled, String dhcpHostId, long revisionNumber, Instant createdAt,
        Instant updatedAt) {
    public static final String VXLAN = "vxlan";
    public static final String FLAT = "flat";

    public Network {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(networkType, "networkType is null");
    }

    public Network withDhcpHost(String hostId) {
        return new Network(id, projectId, name, description, adminStateUp, shared, external, isDefault, networkType,
                physicalNetwork, segmentationId, mtu, portSecurityEnabled, hostId, revisionNumber, createdAt,
                updatedAt);
    }
}
