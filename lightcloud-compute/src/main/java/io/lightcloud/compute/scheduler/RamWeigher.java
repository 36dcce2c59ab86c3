package io.lightcloud.compute.scheduler;

import io.lightcloud.compute.placement.ResourceClass;

/** Free RAM: a positive multiplier spreads servers, a negative one packs them. */
public final class RamWeigher implements HostWeigher {
    private final double multiplier;

    public RamWeigher(double multiplier) {
        this.multiplier = multiplier;
    }

    @Override
    public double multiplier() {
        return multiplier;
    }

    @Override
    public double raw(HostState host, ScheduleRequest request) {
        return host.free(ResourceClass.MEMORY_MB);
    }
}
