package io.lightcloud.compute.scheduler;

/** The request fits in the host's inventory with its allocation ratios, as Placement decides. */
public final class ResourceFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        return host.fits(request.resources());
    }
}
