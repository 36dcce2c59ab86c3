package io.lightcloud.compute.scheduler;

import java.time.Duration;

/**
 * Scheduler tuning. {@code ramWeightMultiplier} above zero spreads servers over the hosts with the most free RAM
 * (Nova's default); below zero packs them. {@code hostSubsetSize} picks randomly among that many best hosts, which
 * keeps concurrent schedulers from all racing for the same host. The host cache is re-read every
 * {@code cacheRefresh}; claims never trust it (they compare-and-swap the host generation).
 */
public record SchedulerSettings(double ramWeightMultiplier, double softAffinityWeightMultiplier, int hostSubsetSize,
        Duration cacheRefresh, int maxBuildAttempts, long hostDownAfterSeconds) {
    public SchedulerSettings {
        if (hostSubsetSize < 1 || maxBuildAttempts < 1) {
            throw new IllegalArgumentException("host subset size and build attempts must be at least 1");
        }
    }
}
