package io.lightcloud.compute.scheduler;

/** A rescheduled build does not go back to a host where it already failed. */
public final class RetryFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        return !request.excludedHosts().contains(host.id());
    }

    @Override
    public boolean appliesTo(ScheduleRequest request) {
        return !request.excludedHosts().isEmpty();
    }
}
