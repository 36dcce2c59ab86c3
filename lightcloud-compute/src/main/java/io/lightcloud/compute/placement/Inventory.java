package io.lightcloud.compute.placement;

import static java.util.Objects.requireNonNull;

/** One resource class of a host: {@code (total - reserved) * allocation_ratio} can be allocated, as in Placement. */
public record Inventory(ResourceClass resourceClass, long total, long reserved, double allocationRatio) {
    public Inventory {
        requireNonNull(resourceClass, "resourceClass is null");
        if (total < 0 || reserved < 0 || allocationRatio <= 0) {
            throw new IllegalArgumentException("invalid inventory for " + resourceClass);
        }
    }

    public long capacity() {
        return Math.max(0, (long) Math.floor((total - reserved) * allocationRatio));
    }
}
