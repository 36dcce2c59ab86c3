package io.lightcloud.image.metadef;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/** A metadata definitions namespace: a named, owned catalog of property definitions, objects and tags. */
public record MetadefNamespace(long id, String namespace, String displayName, String description, String visibility,
        boolean isProtected, String owner, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    public MetadefNamespace {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(visibility, "visibility is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public boolean isPublic() {
        return visibility.equals("public");
    }
}
