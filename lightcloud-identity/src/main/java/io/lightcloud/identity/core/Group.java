package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

public record Group(String id, String name, String domainId, String description) {
    public Group {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domainId, "domainId is null");
    }
}
