package io.lightcloud.compute.host;

import java.time.Duration;

/**
 * How agents are expected to behave and when a host counts as down: agents heartbeat every
 * {@code heartbeatInterval}; a host without a heartbeat for {@code downAfter} is down (Nova's report_interval and
 * service_down_time, 10 s and 60 s by default).
 */
public record HostSettings(Duration heartbeatInterval, Duration downAfter, String defaultAvailabilityZone) {
    public HostSettings {
        if (downAfter.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("the host-down threshold must exceed the heartbeat interval");
        }
    }

    public long downAfterSeconds() {
        return downAfter.toSeconds();
    }
}
