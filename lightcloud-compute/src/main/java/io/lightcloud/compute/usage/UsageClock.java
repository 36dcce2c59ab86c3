package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The time the ledger writes and the usage APIs count up to: the system clock, or a {@link Clock} bean when one is
 * defined (tests define one to create, resize and delete servers at known times).
 */
@Component
public class UsageClock {
    private final Clock clock;

    public UsageClock(ObjectProvider<Clock> clock) {
        this.clock = requireNonNull(clock, "clock is null").getIfAvailable(Clock::systemUTC);
    }

    public Instant now() {
        return clock.instant();
    }
}
