package io.lightcloud.compute.scheduler;

import java.time.Instant;

/** The host is in the requested availability zone, when one was requested. */
public final class AvailabilityZoneFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, Instant now) {
        return request.availabilityZone() == null || request.availabilityZone().equals(host.availabilityZone());
    }
}
