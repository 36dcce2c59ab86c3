package io.lightcloud.identity.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Keystone's {@code lockout_failure_attempts} and {@code lockout_duration}: after that many failed passwords in a
 * row a user is refused until the duration has passed since the last failure. Zero attempts turns it off.
 */
public record LoginLockout(int failureAttempts, Duration duration) {
    /** The failure count at which a user is locked; never reached when the lock-out is off. */
    public int lockingCount() {
        return failureAttempts > 0 ? failureAttempts : Integer.MAX_VALUE;
    }

    /** A lock whose last failure is at or before this instant has run out. */
    public Instant lockRunOutBefore(Instant now) {
        return now.minus(duration);
    }
}
