package io.lightcloud.compute.scheduler;

import java.time.Instant;

/** One of the scheduler's filters: whether a host can take the request at all. */
public interface HostFilter {
    boolean passes(HostState host, ScheduleRequest request, Instant now);
}
