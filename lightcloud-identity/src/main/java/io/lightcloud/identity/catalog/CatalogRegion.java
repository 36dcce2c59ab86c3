package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

/** A Keystone region; {@code parentRegionId} is null for a top-level region. */
public record CatalogRegion(String id, String description, String parentRegionId) {
    public CatalogRegion {
        requireNonNull(id, "id is null");
        requireNonNull(description, "description is null");
    }
}
