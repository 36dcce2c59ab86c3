package io.lightcloud.compute.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one instance used in a period. Hours are summed over its intervals, and so are the resource-hours, each
 * interval with its own flavor: a server resized mid-period is billed for what it had when it had it (Nova
 * multiplies all hours by the latest flavor). Flavor, vCPUs, memory and disk shown are the latest in the period.
 */
public record ServerUsage(String instanceId, String name, String projectId, String userId, String flavorName,
        int vcpus, long memoryMb, long localGb, double hours, double vcpuHours, double memoryMbHours,
        double localGbHours, Instant startedAt, Instant endedAt, String state, long uptimeSeconds) {

    /** Folds intervals (grouped by instance, in order) into one usage per instance, keeping the order. */
    public static List<ServerUsage> of(List<InstanceInterval> intervals, UsagePeriod period, Instant now) {
        Map<String, List<InstanceInterval>> byInstance = new LinkedHashMap<>();
        for (InstanceInterval interval : intervals) {
            byInstance.computeIfAbsent(interval.instanceId(), id -> new ArrayList<>()).add(interval);
        }
        List<ServerUsage> usages = new ArrayList<>(byInstance.size());
        for (List<InstanceInterval> own : byInstance.values()) {
            usages.add(fold(own, period, now));
        }
        return usages;
    }

    private static ServerUsage fold(List<InstanceInterval> own, UsagePeriod period, Instant now) {
        double hours = 0;
        double vcpuHours = 0;
        double memoryHours = 0;
        double diskHours = 0;
        for (InstanceInterval interval : own) {
            double h = period.hours(interval.startedAt(), interval.endedAt());
            hours += h;
            vcpuHours += h * interval.vcpus();
            memoryHours += h * interval.memoryMb();
            diskHours += h * interval.localGb();
        }
        InstanceInterval last = own.get(own.size() - 1);
        Instant started = last.launchedAt() == null ? own.get(0).startedAt() : last.launchedAt();
        Instant ended = last.deleted() ? last.endedAt() : null;
        String state = ended != null ? "terminated" : last.vmState();
        long uptime = Duration.between(started, ended != null ? ended : now).toSeconds();
        return new ServerUsage(last.instanceId(), last.name(), last.projectId(), last.userId(), last.flavorName(),
                last.vcpus(), last.memoryMb(), last.localGb(), hours, vcpuHours, memoryHours, diskHours, started,
                ended, state, uptime);
    }
}
