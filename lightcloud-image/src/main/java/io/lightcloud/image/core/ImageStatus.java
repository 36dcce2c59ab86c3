package io.lightcloud.image.core;

import java.util.Locale;

/**
 * Glance's image statuses. {@code deleted} is never stored: a deleted image's row is removed, so it answers 404 as
 * Glance's soft-deleted images do.
 */
public enum ImageStatus {
    QUEUED, SAVING, ACTIVE, KILLED, DEACTIVATED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether the image has data in the store that may be read. */
    public boolean hasData() {
        return this == ACTIVE || this == DEACTIVATED;
    }
}
