package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the agent last did for one server (the "applied" values of the agent protocol), kept on disk so a restarted
 * agent neither repeats a reboot nor retries a revision that failed.
 *
 * @param appliedRevision the last revision fully applied
 * @param appliedReboot the last reboot counter applied
 * @param appliedRebuild the last rebuild counter applied
 * @param attemptedRevision the revision of the last attempt (equal to {@code appliedRevision} unless it failed)
 * @param errorMessage the failure of the attempt at {@code attemptedRevision}, or null
 * @param flavor the flavor the VM was last started with
 * @param volumes the volumes plugged into (or recorded for) the VM
 */
public record AppliedState(String instanceId, long appliedRevision, long appliedReboot, long appliedRebuild,
        long attemptedRevision, String errorMessage, String errorDetails, DesiredInstance.Flavor flavor,
        Set<String> volumes) {
    public AppliedState {
        requireNonNull(instanceId, "instanceId");
        volumes = Set.copyOf(volumes);
    }

    /** State for a VM found on the host without a record (an agent data loss): nothing is known to be applied. */
    public static AppliedState unknown(String instanceId) {
        return new AppliedState(instanceId, 0, 0, 0, 0, null, null, null, Set.of());
    }

    public AppliedState applied(DesiredInstance desired) {
        return new AppliedState(instanceId, desired.revision(), appliedReboot, desired.rebuildCounter(),
                desired.revision(), null, null, flavor, volumes);
    }

    public AppliedState withReboot(long counter) {
        return new AppliedState(instanceId, appliedRevision, counter, appliedRebuild, attemptedRevision, errorMessage,
                errorDetails, flavor, volumes);
    }

    public AppliedState withFlavor(DesiredInstance.Flavor newFlavor) {
        return new AppliedState(instanceId, appliedRevision, appliedReboot, appliedRebuild, attemptedRevision,
                errorMessage, errorDetails, newFlavor, volumes);
    }

    public AppliedState withVolume(String volumeId, boolean attached) {
        Set<String> next = new TreeSet<>(volumes);
        if (attached) {
            next.add(volumeId);
        } else {
            next.remove(volumeId);
        }
        return new AppliedState(instanceId, appliedRevision, appliedReboot, appliedRebuild, attemptedRevision,
                errorMessage, errorDetails, flavor, next);
    }

    public AppliedState withVolumes(Set<String> ids) {
        return new AppliedState(instanceId, appliedRevision, appliedReboot, appliedRebuild, attemptedRevision,
                errorMessage, errorDetails, flavor, ids);
    }

    public AppliedState failed(long revision, String message, String details) {
        return new AppliedState(instanceId, appliedRevision, appliedReboot, appliedRebuild, revision, message,
                details, flavor, volumes);
    }

    /** Whether the attempt at this revision already failed (it is not retried; the controller decides). */
    public boolean failedAt(long revision) {
        return errorMessage != null && attemptedRevision == revision;
    }
}
