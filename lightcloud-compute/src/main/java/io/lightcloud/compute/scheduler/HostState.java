package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.placement.Inventory;
import io.lightcloud.compute.placement.ResourceClass;
import io.lightcloud.compute.placement.Resources;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A scheduler's view of one host: what filters and weighers look at, and the resource provider {@code generation}
 * the view was read at. A claim made from this view succeeds only if the generation is still current. Capacities
 * and free amounts are computed once, because every placement looks at every host.
 */
public final class HostState {
    private final String id;
    private final String hostname;
    private final String availabilityZone;
    private final boolean enabled;
    private final boolean forcedDown;
    private final Instant lastHeartbeat;
    private final long heartbeatMillis;
    private final String cpuArch;
    private final String hypervisorType;
    private final long generation;
    private final Map<ResourceClass, Inventory> inventory;
    private final Resources used;
    private final long[] free = new long[ResourceClass.values().length];

    public HostState(String id, String hostname, String availabilityZone, boolean enabled, boolean forcedDown,
            Instant lastHeartbeat, String cpuArch, String hypervisorType, long generation,
            Map<ResourceClass, Inventory> inventory, Resources used) {
        this.id = requireNonNull(id, "id is null");
        this.hostname = requireNonNull(hostname, "hostname is null");
        this.availabilityZone = availabilityZone;
        this.enabled = enabled;
        this.forcedDown = forcedDown;
        this.lastHeartbeat = lastHeartbeat;
        this.heartbeatMillis = lastHeartbeat == null ? Long.MIN_VALUE : lastHeartbeat.toEpochMilli();
        this.cpuArch = cpuArch;
        this.hypervisorType = hypervisorType;
        this.generation = generation;
        this.inventory = inventory.isEmpty() ? Map.of() : new EnumMap<>(inventory);
        this.used = requireNonNull(used, "used is null");
        for (ResourceClass rc : ResourceClass.values()) {
            Inventory i = inventory.get(rc);
            free[rc.ordinal()] = (i == null ? 0 : i.capacity()) - used.get(rc);
        }
    }

    public String id() {
        return id;
    }

    public String hostname() {
        return hostname;
    }

    public String availabilityZone() {
        return availabilityZone;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean forcedDown() {
        return forcedDown;
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public String cpuArch() {
        return cpuArch;
    }

    public String hypervisorType() {
        return hypervisorType;
    }

    public long generation() {
        return generation;
    }

    public Map<ResourceClass, Inventory> inventory() {
        return inventory;
    }

    public Resources used() {
        return used;
    }

    public boolean up(long nowMillis, long downAfterSeconds) {
        return !forcedDown && heartbeatMillis != Long.MIN_VALUE && heartbeatMillis + downAfterSeconds * 1000 > nowMillis;
    }

    public long free(ResourceClass resourceClass) {
        return free[resourceClass.ordinal()];
    }

    /** Whether {@code request} fits in every resource class it asks for, by Placement's capacity rule. */
    public boolean fits(Resources request) {
        return (request.vcpus() <= 0 || request.vcpus() <= free[ResourceClass.VCPU.ordinal()])
                && (request.memoryMb() <= 0 || request.memoryMb() <= free[ResourceClass.MEMORY_MB.ordinal()])
                && (request.diskGb() <= 0 || request.diskGb() <= free[ResourceClass.DISK_GB.ordinal()]);
    }

    /** This host after a claim of {@code amounts}, at the generation the claim swapped in. */
    public HostState claimed(Resources amounts) {
        return new HostState(id, hostname, availabilityZone, enabled, forcedDown, lastHeartbeat, cpuArch,
                hypervisorType, generation + 1, inventory, used.plus(amounts));
    }
}
