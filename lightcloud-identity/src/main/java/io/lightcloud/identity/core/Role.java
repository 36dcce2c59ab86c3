package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

/** @param domainId the owning domain of a domain-specific role, or null for a global role */
public record Role(String id, String name, String domainId, String description) {
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String READER = "reader";

    public Role {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
    }
}
