package io.lightcloud.compute.scheduler;

/** One of the scheduler's filters: whether a host can take the request at all. */
public interface HostFilter {
    boolean passes(HostState host, ScheduleRequest request, long nowMillis);

    /** Whether the filter can reject any host for this request; filters that cannot are skipped for it. */
    default boolean appliesTo(ScheduleRequest request) {
        return true;
    }
}
