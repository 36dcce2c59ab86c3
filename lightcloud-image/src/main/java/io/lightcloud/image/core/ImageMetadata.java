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

    /** A mutable copy for applying a series of changes, as a JSON patch does; tags and properties change in place. */
    public static final class Builder {
        private String name;
        private String owner;
        private Visibility visibility;
        private boolean isProtected;
        private boolean hidden;
        private DiskFormat diskFormat;
        private ContainerFormat containerFormat;
        private int minDisk;
        private int minRam;
        private final List<String> tags;
        private final Map<String, String> properties;

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

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder visibility(Visibility visibility) {
            this.visibility = requireNonNull(visibility, "visibility is null");
            return this;
        }

        public Builder isProtected(boolean isProtected) {
            this.isProtected = isProtected;
            return this;
        }

        public Builder hidden(boolean hidden) {
            this.hidden = hidden;
            return this;
        }

        public Builder diskFormat(DiskFormat diskFormat) {
            this.diskFormat = diskFormat;
            return this;
        }

        public Builder containerFormat(ContainerFormat containerFormat) {
            this.containerFormat = containerFormat;
            return this;
        }

        public Builder minDisk(int minDisk) {
            this.minDisk = minDisk;
            return this;
        }

        public Builder minRam(int minRam) {
            this.minRam = minRam;
            return this;
        }

        public List<String> tags() {
            return tags;
        }

        public Map<String, String> properties() {
            return properties;
        }

        public ImageMetadata build() {
            return new ImageMetadata(name, owner, visibility, isProtected, hidden, diskFormat, containerFormat, minDisk,
                    minRam, tags.stream().distinct().toList(), properties);
        }
    }
}
