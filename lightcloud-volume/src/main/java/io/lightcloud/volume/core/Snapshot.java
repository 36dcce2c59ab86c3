package io.lightcloud.volume.core;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/** A snapshot as stored; its size is its volume's size when it was taken. */
public record Snapshot(
        String id,
        String projectId,
        String userId,
        String volumeId,
        String name,
        String description,
        long sizeGb,
        SnapshotStatus status,
        String typeId,
        String backend,
        boolean holdsQuota,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
    public Snapshot {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(status, "status is null");
    }
}
