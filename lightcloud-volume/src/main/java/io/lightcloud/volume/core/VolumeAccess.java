package io.lightcloud.volume.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.VolumeFaults;
import org.springframework.stereotype.Component;

/** Finds the volume a call names and applies state machine operations with Cinder's faults. */
@Component
public class VolumeAccess {
    private final VolumeRepository volumes;
    private final PolicyEnforcer policy;

    public VolumeAccess(VolumeRepository volumes, PolicyEnforcer policy) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    /**
     * The volume, if the caller may see it (404 otherwise, so other projects' volumes stay invisible) and may
     * perform {@code action} on it (403).
     */
    public Volume get(CinderRequest call, String id, String action) {
        Volume volume = volumes.find(id).filter(v -> call.canSee(v.projectId()))
                .orElseThrow(() -> VolumeFaults.volumeNotFound(id));
        policy.enforce(action, call.caller(), CinderRequest.target(volume.projectId()));
        return volume;
    }

    /** Applies an operation or refuses it with 400 "Invalid volume: ..." naming the status the volume is in. */
    public void transition(String id, VolumeOperation operation) {
        if (!volumes.transition(id, operation)) {
            VolumeStatus current = volumes.find(id).map(Volume::status)
                    .orElseThrow(() -> VolumeFaults.volumeNotFound(id));
            throw VolumeFaults.invalidVolume(operation.refusal(id, current));
        }
    }

    /** Checks an operation against a volume read under a row lock, before related rows change in the same transaction. */
    public static void check(Volume locked, VolumeOperation operation) {
        if (!operation.allowedFrom(locked.status())) {
            throw VolumeFaults.invalidVolume(operation.refusal(locked.id(), locked.status()));
        }
    }
}
