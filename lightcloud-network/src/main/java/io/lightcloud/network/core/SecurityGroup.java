package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A security group; {@code isDefault} marks the project's {@code default} group. */
public record SecurityGroup(String id, String projectId, String name, String description, boolean stateful,
        boolean isDefault, long revisionNumber, Instant createdAt, Instant updatedAt) {
    public SecurityGroup {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
    }
}
