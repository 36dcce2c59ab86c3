package io.lightcloud.identity.user;

import java.time.Duration;
import java.time.Instant;

/**
 * Keystone's {@code lockout_failure_attempts} and {@code lockout_duration}: after that many failed passwords in a
 * row a user is refused until the duration has passed since the last failure. Zero attempts turns it off.
 */
public record LoginLockout(int failureAttempts, Duration duration) {
    public boolean isLocked(User user, Instant now) {
        return failureAttempts > 0 && user.failedAuthCount() >= failureAttempts && user.failedAuthAt() != null
                && user.failedAuthAt().plus(duration).isAfter(now);
    }

    /** A lock that has run out no longer counts the old failures. */
    public boolean hasExpiredLock(User user, Instant now) {
        return failureAttempts > 0 && user.failedAuthCount() >= failureAttempts && !isLocked(user, now);
    }
}
