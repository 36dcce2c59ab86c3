package io.lightcloud.compute.usage;

import java.time.Instant;

/** One interval of a volume, floating IP or image with one size; {@code endedAt} null while it lasts. */
public record ResourceInterval(ResourceKind kind, String resourceId, String projectId, String userId, String subtype,
        double sizeGb, Instant startedAt, Instant endedAt) {
}
