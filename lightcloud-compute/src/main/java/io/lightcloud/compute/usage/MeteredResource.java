package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A billable resource that exists now: a volume (size in GB, its type as subtype), a floating IP (size 0) or an image
 * (GB stored). {@code createdAt} dates its first interval.
 */
public record MeteredResource(ResourceKind kind, String id, String projectId, String userId, String subtype,
        double sizeGb, Instant createdAt) {
    public MeteredResource {
        requireNonNull(kind, "kind is null");
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public String openKey() {
        return kind.code() + ":" + id;
    }
}
