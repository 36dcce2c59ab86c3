package io.lightcloud.image.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An image record.
 *
 * @param data what was stored, or null while the image has no data (queued, saving, killed)
 */
public record Image(String id, ImageStatus status, ImageMetadata metadata, StoredData data, Instant createdAt,
        Instant updatedAt) {
    public Image {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public String owner() {
        return metadata.owner();
    }

    public Visibility visibility() {
        return metadata.visibility();
    }
}
