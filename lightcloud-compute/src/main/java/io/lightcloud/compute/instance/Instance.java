package io.lightcloud.compute.instance;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A server. Desired state is what users asked for (power, the reboot and rebuild counters, flavor, image, host
 * assignment); observed state is what the host's agent reported (power state, the revision it applied, the VNC
 * endpoint); Nova's vm_state and task_state are derived from both. {@code revision} counts desired changes the
 * agent must act on, {@code taskRevision} is the revision whose application completes the current task.
 */
public record Instance(
        String id,
        long seq,
        String projectId,
        String userId,
        String name,
        String description,
        String hostname,
        String reservationId,
        int launchIndex,
        InstanceFlavor flavor,
        InstanceFlavor oldFlavor,
        String migrationId,
        String imageId,
        ImageMeta imageMeta,
        String keyName,
        String keyData,
        String userData,
        String requestedAz,
        String availabilityZone,
        boolean configDrive,
        String accessIpV4,
        String accessIpV6,
        DesiredPower desiredPower,
        long rebootCounter,
        boolean rebootHard,
        long rebuildCounter,
        long revision,
        Long taskRevision,
        String hostId,
        int buildAttempts,
        List<String> triedHosts,
        Map<String, Object> schedulerHints,
        String vmState,
        String taskState,
        PowerState powerState,
        long observedRevision,
        long observedReboot,
        OffsetDateTime observedAt,
        String vncHost,
        Integer vncPort,
        Fault fault,
        String lockedBy,
        String lockedReason,
        OffsetDateTime launchedAt,
        OffsetDateTime terminatedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime deletedAt) {

    /** The fault of a server in ERROR, as Nova records it. */
    public record Fault(int code, String message, String details, OffsetDateTime createdAt) {
    }

    public Instance {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(vmState, "vmState is null");
        triedHosts = List.copyOf(triedHosts);
        schedulerHints = Map.copyOf(schedulerHints);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean locked() {
        return lockedBy != null;
    }

    /** Nova's name for the server on its hypervisor ({@code OS-EXT-SRV-ATTR:instance_name}). */
    public String instanceName() {
        return String.format("instance-%08x", seq);
    }
}
