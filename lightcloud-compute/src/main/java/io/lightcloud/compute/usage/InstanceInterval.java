package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One interval of an instance's life with one flavor, with what the usage views show of the instance: its name, its
 * state, when it was first launched and whether it is deleted.
 */
public record InstanceInterval(String instanceId, String projectId, String userId, String name, String vmState,
        boolean deleted, Instant launchedAt, String flavorId, String flavorName, int vcpus, long memoryMb, long localGb,
        Instant startedAt, Instant endedAt) {
    public InstanceInterval {
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
