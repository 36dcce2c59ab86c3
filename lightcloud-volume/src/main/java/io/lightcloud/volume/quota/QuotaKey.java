package io.lightcloud.volume.quota;

import static java.util.Objects.requireNonNull;

/**
 * One quota resource of a project: project-wide ({@code typeId} empty) or for one volume type, which Cinder shows as
 * {@code volumes_<type name>}, {@code gigabytes_<type name>} and {@code snapshots_<type name>}.
 */
public record QuotaKey(String resource, String typeId) implements Comparable<QuotaKey> {
    public static final String VOLUMES = "volumes";
    public static final String GIGABYTES = "gigabytes";
    public static final String SNAPSHOTS = "snapshots";
    public static final String PER_VOLUME_GIGABYTES = "per_volume_gigabytes";

    public QuotaKey {
        requireNonNull(resource, "resource is null");
        requireNonNull(typeId, "typeId is null");
    }

    public static QuotaKey global(String resource) {
        return new QuotaKey(resource, "");
    }

    public boolean perType() {
        return !typeId.isEmpty();
    }

    @Override
    public int compareTo(QuotaKey other) {
        int byResource = resource.compareTo(other.resource);
        return byResource != 0 ? byResource : typeId.compareTo(other.typeId);
    }
}
