package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * @param passwordHash a bcrypt hash, or null for a user who cannot log in with a password
 * @param failedAuthAt when the last failed password attempt happened, for lock-out
 */
public record User(String id, String name, String domainId, boolean enabled, String passwordHash,
        String defaultProjectId, Map<String, Object> extra, int failedAuthCount, Instant failedAuthAt) {
    public User {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domainId, "domainId is null");
        extra = Map.copyOf(extra);
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", name=" + name + ", domainId=" + domainId + "]";
    }
}
