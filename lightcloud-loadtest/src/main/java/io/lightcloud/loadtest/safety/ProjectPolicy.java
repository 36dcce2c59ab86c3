package io.lightcloud.loadtest.safety;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What an admin allows a project's load tests: the targets (address ranges in CIDR notation, single addresses, host
 * names, or {@code *.domain} wildcards) and the most users, requests per second, executors, seconds and concurrent
 * runs. A project without a policy may send nothing.
 */
public record ProjectPolicy(String projectId, List<String> allowedTargets, int maxUsers, double maxRate,
        int maxExecutors, int maxDurationSeconds, int maxConcurrentRuns) {
    public ProjectPolicy {
        requireNonNull(projectId, "projectId is null");
        allowedTargets = List.copyOf(allowedTargets);
    }

    public static ProjectPolicy none(String projectId) {
        return new ProjectPolicy(projectId, List.of(), 0, 0, 0, 0, 0);
    }
}
