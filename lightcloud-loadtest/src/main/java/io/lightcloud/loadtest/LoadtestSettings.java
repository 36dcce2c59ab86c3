package io.lightcloud.loadtest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lightcloud.loadtest.*}: how often the coordinator looks at runs, how long an executor may stay silent before
 * its share counts as lost, the largest plan upload, the executors the controller runs as its children (the pool's
 * minimum) and, with {@code autoscaleMaxExecutors} above it, up to how many it starts when runs need more capacity,
 * with the capacity each child declares.
 */
@ConfigurationProperties("lightcloud.loadtest")
public record LoadtestSettings(
        @DefaultValue("250ms") Duration tickInterval,
        @DefaultValue("8s") Duration executorLostAfter,
        @DefaultValue("8388608") long maxPlanBytes,
        @DefaultValue("0") int localExecutors,
        @DefaultValue("0") int autoscaleMaxExecutors,
        @DefaultValue("1000") int executorCapacityUsers,
        @DefaultValue("5000") double executorCapacityRate,
        @DefaultValue("5s") Duration releaseIdleAfter) {
    public boolean autoscale() {
        return autoscaleMaxExecutors > localExecutors;
    }
}
