package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A floating IP; associated when {@code portId} is set, through {@code routerId}. */
public record FloatingIp(String id, String projectId, String description, String floatingNetworkId,
        String floatingIpAddress, String portId, String fixedIpAddress, String routerId, long revisionNumber,
        Instant createdAt, Instant updatedAt) {
    public FloatingIp {
        requireNonNull(id, "id is null");
        requireNonNull(floatingIpAddress, "floatingIpAddress is null");
    }

    public boolean isAssociated() {
        return portId != null;
    }
}
