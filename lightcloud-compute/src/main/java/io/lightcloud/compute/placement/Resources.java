package io.lightcloud.compute.placement;

import java.util.EnumMap;
import java.util.Map;

/** An amount of each resource class: what a flavor needs, what a host has used. */
public record Resources(long vcpus, long memoryMb, long diskGb) {
    public static final Resources NONE = new Resources(0, 0, 0);

    public long get(ResourceClass resourceClass) {
        return switch (resourceClass) {
            case VCPU -> vcpus;
            case MEMORY_MB -> memoryMb;
            case DISK_GB -> diskGb;
        };
    }

    public Resources plus(Resources other) {
        return new Resources(vcpus + other.vcpus, memoryMb + other.memoryMb, diskGb + other.diskGb);
    }

    public Resources minus(Resources other) {
        return new Resources(vcpus - other.vcpus, memoryMb - other.memoryMb, diskGb - other.diskGb);
    }

    public static Resources of(Map<ResourceClass, Long> amounts) {
        return new Resources(amounts.getOrDefault(ResourceClass.VCPU, 0L),
                amounts.getOrDefault(ResourceClass.MEMORY_MB, 0L), amounts.getOrDefault(ResourceClass.DISK_GB, 0L));
    }

    public Map<ResourceClass, Long> asMap() {
        Map<ResourceClass, Long> map = new EnumMap<>(ResourceClass.class);
        for (ResourceClass resourceClass : ResourceClass.values()) {
            long amount = get(resourceClass);
            if (amount > 0) {
                map.put(resourceClass, amount);
            }
        }
        return map;
    }
}
