package io.lightcloud.volume.core;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A volume as stored. {@code holdsQuota} says whether its size and count are still counted in the project's quota
 * usage (a failed create gives them back at once).
 */
public record Volume(
        String id,
        String projectId,
        String userId,
        String name,
        String description,
        long sizeGb,
        VolumeStatus status,
        String typeId,
        String backend,
        String availabilityZone,
        boolean bootable,
        String snapshotId,
        String sourceVolid,
        Map<String, String> imageMetadata,
        boolean holdsQuota,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
    public Volume {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(status, "status is null");
        imageMetadata = Map.copyOf(imageMetadata);
    }
}
