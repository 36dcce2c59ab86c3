package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** @param parentId the parent project, or null for a project directly under its domain */
public record Project(String id, String name, String domainId, String parentId, String description, boolean enabled,
        List<String> tags, Map<String, Object> extra) {
    public Project {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domainId, "domainId is null");
        tags = List.copyOf(tags);
        extra = Map.copyOf(extra);
    }
}
