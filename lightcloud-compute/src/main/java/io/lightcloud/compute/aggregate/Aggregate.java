package io.lightcloud.compute.aggregate;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** A host aggregate: a named group of hosts with metadata; its {@code availability_zone} metadata zones its hosts. */
public record Aggregate(long id, String uuid, String name, SortedMap<String, String> metadata, List<String> hosts,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    public static final String ZONE_KEY = "availability_zone";

    public Aggregate {
        requireNonNull(uuid, "uuid is null");
        requireNonNull(name, "name is null");
        metadata = new TreeMap<>(metadata);
        hosts = List.copyOf(hosts);
        requireNonNull(createdAt, "createdAt is null");
    }

    public Aggregate(long id, String uuid, String name, Map<String, String> metadata, List<String> hosts,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        this(id, uuid, name, new TreeMap<>(metadata), hosts, createdAt, updatedAt);
    }

    /** The zone this aggregate puts its hosts in, or null. */
    public String availabilityZone() {
        return metadata.get(ZONE_KEY);
    }
}
