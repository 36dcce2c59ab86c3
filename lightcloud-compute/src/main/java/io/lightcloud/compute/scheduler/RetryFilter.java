package io.lightcloud.compute.scheduler;

import java.time.Instant;

/** A rescheduled build does not go back to a host where it already failed. */
public final class RetryFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, Instant now) {
        return !request.excludedHosts().contains(host.id());
    }
}
