package io.lightcloud.volume.compute;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.microversion.ApiVersion;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.attachment.Attachments;
import io.lightcloud.volume.backend.ConnectionInfo;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.Attachment;
import io.lightcloud.volume.core.AttachmentRepository;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.core.VolumeStatus;
import io.lightcloud.volume.snapshot.Snapshots;
import io.lightcloud.volume.volume.VolumeCreator;
import io.lightcloud.volume.volume.VolumeDeleter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The volume service as compute sees it: Nova's attach flow over Cinder's v3 attachments ({@link Attachments}), in
 * process. The caller's rights are checked when the volume is reserved; the later steps act on an attachment that
 * compute obtained that way, as Nova's service user does in OpenStack.
 */
@Component
public class ComputeVolumeAttachments implements VolumeAttachments {
    private static final ApiVersion BASE_VERSION = new ApiVersion(3, 0);

    private final Attachments attachments;
    private final AttachmentRepository repository;
    private final VolumeRepository volumes;
    private final VolumeBackends backends;
    private final VolumeCreator creator;
    private final VolumeDeleter deleter;
    private final Snapshots snapshots;
    private final SnapshotRepository snapshotRepository;
    private final PolicyEnforcer policy;

    public ComputeVolumeAttachments(Attachments attachments, AttachmentRepository repository,
            VolumeRepository volumes, VolumeBackends backends, VolumeCreator creator, VolumeDeleter deleter,
            Snapshots snapshots, SnapshotRepository snapshotRepository, PolicyEnforcer policy) {
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.deleter = requireNonNull(deleter, "deleter is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.snapshotRepository = requireNonNull(snapshotRepository, "snapshotRepository is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public String createFromImage(String name, String imageId, long sizeGb, AuthContext caller) {
        CinderRequest call = new CinderRequest(caller, caller.projectId(), BASE_VERSION, "");
        return creator.create(call, new VolumeCreator.Request(name, null, sizeGb, null, null, Map.of(), null, null,
                imageId)).id();
    }

    @Override
    public String createFromSnapshot(String name, String snapshotId, Long sizeGb, AuthContext caller) {
        CinderRequest call = new CinderRequest(caller, caller.projectId(), BASE_VERSION, "");
        return creator.create(call, new VolumeCreator.Request(name, null, sizeGb, null, null, Map.of(), snapshotId,
                null, null)).id();
    }

    @Override
    public String snapshot(String volumeId, String name, AuthContext caller) {
        Volume volume = visible(volumeId, caller).orElseThrow(() -> VolumeFaults.volumeNotFound(volumeId));
        policy.enforce("volume:create_snapshot", caller, CinderRequest.target(volume.projectId()));
        CinderRequest call = new CinderRequest(caller, volume.projectId(), BASE_VERSION, "");
        return snapshots.create(call, volume, name, null, true, Map.of()).id();
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        snapshotRepository.find(snapshotId).ifPresent(snapshot -> snapshots.delete(snapshot, true));
    }

    @Override
    public Optional<String> status(String volumeId) {
        return volumes.find(volumeId).map(v -> v.status().apiName());
    }

    @Override
    public void delete(String volumeId) {
        volumes.find(volumeId).ifPresent(volume -> deleter.delete(volume, false, false));
    }

    @Override
    public Optional<VolumeInfo> find(String volumeId, AuthContext caller) {
        return visible(volumeId, caller).map(volume -> {
            policy.enforce("volume:get", caller, CinderRequest.target(volume.projectId()));
            // This service's volumes are single-attach (see Attachments).
            return new VolumeInfo(volume.id(), volume.name(), volume.sizeGb(), volume.status().apiName(), false,
                    volume.bootable());
        });
    }

    @Override
    public String reserve(String volumeId, String instanceId, AuthContext caller) {
        Volume volume = visible(volumeId, caller).orElseThrow(() -> VolumeFaults.volumeNotFound(volumeId));
        policy.enforce("volume:attachment_create", caller, CinderRequest.target(volume.projectId()));
        if (volume.status() != VolumeStatus.AVAILABLE) {
            throw notAvailable(volume.id(), volume.status().apiName());
        }
        try {
            return attachments.reserveAttachment(volume, instanceId, null, "rw").id();
        } catch (ApiException e) {
            // Another attach took the volume between the read above and the locked transition.
            if (e.status() == 400) {
                throw notAvailable(volume.id(), volumes.find(volumeId).map(v -> v.status().apiName()).orElse("gone"));
            }
            throw e;
        }
    }

    @Override
    public Connection connect(String attachmentId, HostConnector connector) {
        Attachment attachment = attachments.find(attachmentId);
        Map<String, Object> hostConnector = new LinkedHashMap<>();
        hostConnector.put("host", connector.host());
        if (connector.ip() != null) {
            hostConnector.put("ip", connector.ip());
        }
        attachments.connectAttachment(attachment, hostConnector);
        Volume volume = volumes.find(attachment.volumeId())
                .orElseThrow(() -> VolumeFaults.volumeNotFound(attachment.volumeId()));
        ConnectionInfo info = backends.get(volume.backend()).connectionInfo(volume.id(), hostConnector);
        return new Connection(info.driverVolumeType(), info.data());
    }

    @Override
    public void complete(String attachmentId, String mountpoint) {
        attachments.completeAttachment(attachments.find(attachmentId), mountpoint);
    }

    @Override
    public void detach(String attachmentId) {
        repository.find(attachmentId).ifPresent(attachments::deleteAttachment);
    }

    private Optional<Volume> visible(String volumeId, AuthContext caller) {
        return volumes.find(volumeId).filter(v -> caller.isAdmin() || v.projectId().equals(caller.projectId()));
    }

    private static ApiException notAvailable(String volumeId, String status) {
        return ApiException.conflict("Volume " + volumeId + " status must be available to attach, but the status is "
                + status + ".");
    }
}
