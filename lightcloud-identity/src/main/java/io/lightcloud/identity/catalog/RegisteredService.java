package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

/** A service an admin registered in the catalog; {@code name} and {@code description} are optional. */
public record RegisteredService(String id, String type, String name, String description, boolean enabled) {
    public RegisteredService {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
    }
}
