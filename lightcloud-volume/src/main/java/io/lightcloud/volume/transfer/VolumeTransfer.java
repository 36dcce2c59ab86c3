package io.lightcloud.volume.transfer;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/** An offer of a volume to another project, kept until it is accepted or deleted. */
public record VolumeTransfer(String id, String volumeId, String sourceProjectId, String name, boolean noSnapshots,
        OffsetDateTime createdAt) {
    public VolumeTransfer {
        requireNonNull(id, "id is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(sourceProjectId, "sourceProjectId is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
