package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.placement.Inventory;
import io.lightcloud.compute.placement.ResourceClass;
import io.lightcloud.compute.placement.Resources;
import java.time.Instant;
import java.util.Map;

/**
 * A scheduler's view of one host: what filters and weighers look at, and the resource provider {@code generation}
 * the view was read at. A claim made from this view succeeds only if the generation is still current.
 */
public record HostState(String id, String hostname, String availabilityZone, boolean enabled, boolean forcedDown,
        Instant lastHeartbeat, String cpuArch, String hypervisorType, long generation,
        Map<ResourceClass, Inventory> inventory, Resources used) {
    public HostState {
        requireNonNull(id, "id is null");
        requireNonNull(hostname, "hostname is null");
        inventory = Map.copyOf(inventory);
        requireNonNull(used, "used is null");
    }

    public boolean up(Instant now, long downAfterSeconds) {
        return !forcedDown && lastHeartbeat != null && lastHeartbeat.plusSeconds(downAfterSeconds).isAfter(now);
    }

    public long capacity(ResourceClass resourceClass) {
        Inventory i = inventory.get(resourceClass);
        return i == null ? 0 : i.capacity();
    }

    public long free(ResourceClass resourceClass) {
        return capacity(resourceClass) - used.get(resourceClass);
    }

    /** Whether {@code request} fits in every resource class it asks for, by Placement's capacity rule. */
    public boolean fits(Resources request) {
        for (ResourceClass rc : ResourceClass.values()) {
            long wanted = request.get(rc);
            if (wanted > 0 && used.get(rc) + wanted > capacity(rc)) {
                return false;
            }
        }
        return true;
    }

    public HostState claimed(Resources amounts) {
        return new HostState(id, hostname, availabilityZone, enabled, forcedDown, lastHeartbeat, cpuArch,
                hypervisorType, generation + 1, inventory, used.plus(amounts));
    }
}
