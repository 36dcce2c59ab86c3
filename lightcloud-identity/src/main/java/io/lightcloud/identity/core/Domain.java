package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;

public record Domain(String id, String name, String description, boolean enabled, Map<String, Object> extra) {
    public static final String DEFAULT_ID = "default";

    public Domain {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        extra = Map.copyOf(extra);
    }
}
