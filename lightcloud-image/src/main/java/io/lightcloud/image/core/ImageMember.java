package io.lightcloud.image.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A project an image is shared with, and its answer. */
public record ImageMember(String imageId, String memberId, MemberStatus status, Instant createdAt, Instant updatedAt) {
    public ImageMember {
        requireNonNull(imageId, "imageId is null");
        requireNonNull(memberId, "memberId is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
