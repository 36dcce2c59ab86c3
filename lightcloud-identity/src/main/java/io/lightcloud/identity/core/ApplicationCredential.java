package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A named secret that authenticates as its user, scoped to one project with a chosen subset of the user's roles.
 * Only a bcrypt hash of the secret is stored. An unrestricted credential may create further credentials.
 */
public record ApplicationCredential(String id, String name, String userId, String projectId, String description,
        String secretHash, Instant expiresAt, boolean unrestricted, List<String> roleIds) {
    public ApplicationCredential {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(secretHash, "secretHash is null");
        roleIds = List.copyOf(roleIds);
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
