package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A hypervisor host as the controller knows it: its credential, the facts its agent registered, its service state
 * (enabled, forced down) and its last heartbeat. {@code seq} is the integer id Nova showed before microversion 2.53.
 */
public record ComputeHost(String id, long seq, String serviceId, String hostname, OffsetDateTime registeredAt,
        int vcpus, long memoryMb, long diskGb, String cpuArch, String cpuInfo, String hypervisorType,
        long hypervisorVersion, String hostIp, String agentVersion, String availabilityZone, boolean enabled,
        String disabledReason, boolean forcedDown, OffsetDateTime lastHeartbeatAt, String uptime, Long freeMemoryMb,
        Long freeDiskGb, int runningVms, long generation, long desiredGeneration, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
    public ComputeHost {
        requireNonNull(id, "id is null");
        requireNonNull(serviceId, "serviceId is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(availabilityZone, "availabilityZone is null");
    }

    public boolean registered() {
        return registeredAt != null;
    }

    /** Up when its agent heartbeated within {@code downAfterSeconds} and nobody forced it down. */
    public boolean up(Instant now, long downAfterSeconds) {
        return !forcedDown && lastHeartbeatAt != null
                && lastHeartbeatAt.toInstant().plusSeconds(downAfterSeconds).isAfter(now);
    }
}
