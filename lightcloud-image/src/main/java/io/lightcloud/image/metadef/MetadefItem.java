package io.lightcloud.image.metadef;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/** An object, property definition or tag of a namespace; {@code document} is its JSON body without the name. */
public record MetadefItem(Kind kind, String name, ObjectNode document, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
    public enum Kind {
        OBJECT, PROPERTY, TAG;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public MetadefItem {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(document, "document is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
