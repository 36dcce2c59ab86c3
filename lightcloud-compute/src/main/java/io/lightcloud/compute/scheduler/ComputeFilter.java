package io.lightcloud.compute.scheduler;

/** Nova's ComputeFilter: the host's service is enabled and its agent heartbeats. */
public final class ComputeFilter implements HostFilter {
    private final long downAfterSeconds;

    public ComputeFilter(long downAfterSeconds) {
        this.downAfterSeconds = downAfterSeconds;
    }

    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        return host.enabled() && host.up(nowMillis, downAfterSeconds);
    }
}
