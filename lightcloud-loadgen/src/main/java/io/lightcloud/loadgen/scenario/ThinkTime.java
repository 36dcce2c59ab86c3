package io.lightcloud.loadgen.scenario;

import java.util.concurrent.ThreadLocalRandom;

/** A pause after a step: a constant part plus a uniformly random part (JMeter's constant and uniform random timers). */
public record ThinkTime(long constantMillis, long randomMillis) {
    public static final ThinkTime NONE = new ThinkTime(0, 0);

    public ThinkTime {
        if (constantMillis < 0 || randomMillis < 0) {
            throw new IllegalArgumentException("think time must be >= 0");
        }
    }

    public long nextMillis() {
        return constantMillis + (randomMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(randomMillis + 1));
    }
}
