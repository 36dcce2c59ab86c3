package io.lightcloud.image.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the owner of an image describes and may change: everything but its status and its data.
 *
 * @param name null when the image has none, as Glance allows
 * @param owner the owning project, or null for an image nobody owns
 * @param diskFormat null until set; must be set before data is uploaded
 * @param containerFormat null until set; must be set before data is uploaded
 * @param tags in the order they were added, so that JSON-patch indexes refer to what the client saw
 * @param properties free-form string properties such as {@code hw_disk_bus}, in key order
 */
public record ImageMetadata(String name, String owner, Visibility visibility, boolean isProtected, boolean hidden,
        DiskFormat diskFormat, ContainerFormat containerFormat, int minDisk, int minRam, List<String> tags,
        Map<String, String> properties) {
    public ImageMetadata {
        requireNonNull(visibility, "visibility is null");
        tags = List.copyOf(tags);
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for applying a series of changes, as a JSON patch does. */
    public static final class Builder {
        public String name;
        public String owner;
        public Visibility visibility;
        public boolean isProtected;
        public boolean hidden;
        public DiskFormat diskFormat;
        public ContainerFormat containerFormat;
        public int minDisk;
        public int minRam;
        public final List<String> tags;
        public final Map<String, String> properties;

        private Builder(ImageMetadata from) {
            name = from.name;
            owner = from.owner;
            visibility = from.visibility;
            isProtected = from.isProtected;
            hidden = from.hidden;
            diskFormat = from.diskFormat;
            containerFormat = from.containerFormat;
            minDisk = from.minDisk;
            minRam = from.minRam;
            tags = new ArrayList<>(from.tags);
            properties = new TreeMap<>(from.properties);
        }

        public ImageMetadata build() {
            return new ImageMetadata(name, owner, visibility, isProtected, hidden, diskFormat, containerFormat, minDisk,
                    minRam, tags.stream().distinct().toList(), properties);
        }
    }
}
