package io.lightcloud.compute.scheduler;

/**
 * One of the scheduler's weighers. As in Nova, each weigher's raw values are normalized to [0, 1] over the
 * candidate hosts and multiplied by its multiplier; the host with the highest sum wins.
 */
public interface HostWeigher {
    double multiplier();

    double raw(HostState host, ScheduleRequest request);

    /** Whether the weigher can tell hosts apart for this request; weighers that cannot are skipped for it. */
    default boolean appliesTo(ScheduleRequest request) {
        return true;
    }
}
