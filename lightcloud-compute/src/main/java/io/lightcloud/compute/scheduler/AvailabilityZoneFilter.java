package io.lightcloud.compute.scheduler;

/** The host is in the requested availability zone, when one was requested. */
public final class AvailabilityZoneFilter implements HostFilter {
    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        return request.availabilityZone() == null || request.availabilityZone().equals(host.availabilityZone());
    }

    @Override
    public boolean appliesTo(ScheduleRequest request) {
        return request.availabilityZone() != null;
    }
}
