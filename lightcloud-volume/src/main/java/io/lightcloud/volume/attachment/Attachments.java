package io.lightcloud.volume.attachment;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.Attachment;
import io.lightcloud.volume.core.AttachmentRepository;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeOperation;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.core.VolumeStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The attachment bookkeeping the compute service drives, in both of Cinder's forms: the older volume actions
 * (reserve, initialize_connection, attach, begin_detaching, detach) and the v3 attachments API (create, update with
 * a connector, complete, delete). Volumes are single-attach: a volume has at most one attachment.
 */
@Component
public class Attachments {
    private static final Logger log = LoggerFactory.getLogger(Attachments.class);
    private static final Set<VolumeStatus> CONNECTABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.RESERVED,
            VolumeStatus.ATTACHING, VolumeStatus.IN_USE, VolumeStatus.DETACHING, VolumeStatus.UPLOADING);

    private final AttachmentRepository attachments;
    private final VolumeRepository volumes;
    private final VolumeAccess access;
    private final VolumeBackends backends;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public Attachments(AttachmentRepository attachments, VolumeRepository volumes, VolumeAccess access,
            VolumeBackends backends, PolicyEnforcer policy, TransactionTemplate transactions) {
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.access = requireNonNull(access, "access is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public void reserve(Volume volume) {
        transactions.executeWithoutResult(status -> access.transition(volume.id(), VolumeOperation.RESERVE));
    }

    /** Cinder ignores an unreserve of a volume that is not reserved. */
    public void unreserve(Volume volume) {
        transactions.executeWithoutResult(status -> volumes.transition(volume.id(), VolumeOperation.UNRESERVE));
    }

    public void beginDetaching(Volume volume) {
        transactions.executeWithoutResult(status -> access.transition(volume.id(), VolumeOperation.BEGIN_DETACHING));
    }

    /** Cinder ignores a roll back of a volume that is not detaching. */
    public void rollDetaching(Volume volume) {
        transactions.executeWithoutResult(status -> volumes.transition(volume.id(), VolumeOperation.ROLL_DETACHING));
    }

    /** {@code os-attach}: records that a server or host now uses the volume. */
    public void attach(Volume volume, String instanceUuid, String hostName, String mountpoint, String mode) {
        if (instanceUuid == null && hostName == null) {
            throw VolumeFaults.invalidVolume("Invalid request to attach volume to an invalid target");
        }
        checkMode(mode, volume.id());
        transactions.executeWithoutResult(status -> {
            VolumeAccess.check(lock(volume.id()), VolumeOperation.ATTACH);
            attachments.deleteByVolume(volume.id());
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            attachments.insert(new Attachment(UUID.randomUUID().toString(), volume.id(), volume.projectId(),
                    instanceUuid, hostName, mountpoint, mode, Attachment.Status.ATTACHED, null, now, now));
            access.transition(volume.id(), VolumeOperation.ATTACH);
        });
        log.info("Volume attached volume_id={} instance_uuid={} host={} mountpoint={}", volume.id(), instanceUuid,
                hostName, mountpoint);
    }

    /** {@code os-detach}: the server no longer uses the volume. */
    public void detach(Volume volume, String attachmentId) {
        transactions.executeWithoutResult(status -> {
            VolumeAccess.check(lock(volume.id()), VolumeOperation.DETACH);
            List<Attachment> current = attachments.listByVolume(volume.id());
            if (attachmentId != null && current.stream().noneMatch(a -> a.id().equals(attachmentId))) {
                throw ApiException.badRequest("Error detaching volume - VolumeAttachmentNotFound: Volume attachment "
                        + "could not be found with filter: attachment_id = " + attachmentId + ".");
            }
            attachments.deleteByVolume(volume.id());
            access.transition(volume.id(), VolumeOperation.DETACH);
        });
        log.info("Volume detached volume_id={}", volume.id());
    }

    /** {@code os-initialize_connection}: how the host in the connector opens the volume. */
    public Map<String, Object> initializeConnection(Volume volume, Map<String, Object> connector) {
        if (!CONNECTABLE.contains(volume.status())) {
            throw VolumeFaults.invalidVolume("Volume " + volume.id() + " cannot be connected while its status is "
                    + volume.status().apiName() + ".");
        }
        Map<String, Object> info = backends.get(volume.backend()).connectionInfo(volume.id(), connector).toMap();
        info.put("enforce_multipath", Boolean.TRUE.equals(connector.get("enforce_multipath")));
        return info;
    }

    /** {@code POST /attachments}: reserves the volume for a server, and connects it when a connector is given. */
    public Attachment create(CinderRequest call, Volume volume, String instanceUuid, Map<String, Object> connector,
            String mode) {
        policy.enforce("volume:attachment_create", call.caller(), CinderRequest.target(volume.projectId()));
        return reserveAttachment(volume, instanceUuid, connector, mode);
    }

    /** The state change of {@link #create}, for callers that authorized it themselves (compute, through its SPI). */
    public Attachment reserveAttachment(Volume volume, String instanceUuid, Map<String, Object> connector, String mode) {
        String attachMode = mode == null ? "null" : mode;
        if (mode != null) {
            checkMode(mode, volume.id());
        }
        String id = UUID.randomUUID().toString();
        transactions.executeWithoutResult(status -> {
            Volume locked = lock(volume.id());
            if (locked.status().apiName().contains("error")) {
                throw VolumeFaults.invalidVolume("Volume attachments can not be created if the volume is in an error "
                        + "state. The Volume " + locked.id() + " currently has a status of: "
                        + locked.status().apiName() + " ");
            }
            boolean sameServer = instanceUuid != null && attachments.listByVolume(volume.id()).stream()
                    .anyMatch(a -> instanceUuid.equals(a.instanceUuid()));
            if (!sameServer) {
                access.transition(volume.id(), VolumeOperation.ATTACHMENT_RESERVE);
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            attachments.insert(new Attachment(id, volume.id(), volume.projectId(), instanceUuid, null, null,
                    attachMode, Attachment.Status.RESERVED, null, null, now));
            if (connector != null) {
                connect(find(id), connector);
            }
        });
        log.info("Volume attachment created attachment_id={} volume_id={} instance_uuid={}", id, volume.id(),
                instanceUuid);
        return find(id);
    }

    /** {@code PUT /attachments/{id}}: connects a reserved attachment to the host named in the connector. */
    public Attachment update(CinderRequest call, Attachment attachment, Map<String, Object> connector) {
        policy.enforce("volume:attachment_update", call.caller(), CinderRequest.target(attachment.projectId()));
        return connectAttachment(attachment, connector);
    }

    /** The state change of {@link #update}, for callers that authorized it themselves. */
    public Attachment connectAttachment(Attachment attachment, Map<String, Object> connector) {
        transactions.executeWithoutResult(status -> {
            Volume locked = lock(attachment.volumeId());
            if (locked.status().apiName().contains("error")) {
                throw ApiException.conflict("Volume attachments can not be updated if the volume is in an error "
                        + "state. The Volume " + locked.id() + " currently has a status of: "
                        + locked.status().apiName() + " ");
            }
            connect(attachment, connector);
        });
        return find(attachment.id());
    }

    /** {@code os-complete}: the host has connected the volume; it is now in use. */
    public void complete(CinderRequest call, Attachment attachment) {
        policy.enforce("volume:attachment_complete", call.caller(), CinderRequest.target(attachment.projectId()));
        completeAttachment(attachment, null);
    }

    /**
     * The state change of {@link #complete}, for callers that authorized it themselves; a non-null
     * {@code mountpoint} records where the host plugged the volume in.
     */
    public void completeAttachment(Attachment attachment, String mountpoint) {
        transactions.executeWithoutResult(status -> {
            lock(attachment.volumeId());
            attachments.setStatus(attachment.id(), Attachment.Status.ATTACHED);
            if (mountpoint != null) {
                attachments.setMountpoint(attachment.id(), mountpoint);
            }
            access.transition(attachment.volumeId(), VolumeOperation.ATTACHMENT_COMPLETE);
        });
        log.info("Volume attachment completed attachment_id={} volume_id={}", attachment.id(), attachment.volumeId());
    }

    /** {@code DELETE /attachments/{id}}: the volume is free again; answers the attachments that remain. */
    public List<Attachment> delete(CinderRequest call, Attachment attachment) {
        policy.enforce("volume:attachment_delete", call.caller(), CinderRequest.target(attachment.projectId()));
        return deleteAttachment(attachment);
    }

    /** The state change of {@link #delete}, for callers that authorized it themselves. */
    public List<Attachment> deleteAttachment(Attachment attachment) {
        transactions.executeWithoutResult(status -> {
            Volume locked = lock(attachment.volumeId());
            attachments.delete(attachment.id());
            if (attachments.listByVolume(locked.id()).isEmpty()
                    && VolumeOperation.ATTACHMENT_DELETE.allowedFrom(locked.status())) {
                access.transition(locked.id(), VolumeOperation.ATTACHMENT_DELETE);
            }
        });
        log.info("Volume attachment deleted attachment_id={} volume_id={}", attachment.id(), attachment.volumeId());
        return attachments.listByVolume(attachment.volumeId());
    }

    /** An admin's reset of a volume to detached: its attachment records go. */
    public void forget(String volumeId) {
        attachments.deleteByVolume(volumeId);
    }

    public Attachment find(String id) {
        return attachments.find(id).orElseThrow(() -> VolumeFaults.attachmentNotFound(id));
    }

    /** The connection info of an attachment that has been connected, or an empty object. */
    public Map<String, Object> connectionInfo(Attachment attachment, Volume volume) {
        if (attachment.connector() == null) {
            return Map.of();
        }
        Map<String, Object> info = new LinkedHashMap<>(
                backends.get(volume.backend()).connectionInfo(volume.id(), attachment.connector()).toMap());
        info.put("attachment_id", attachment.id());
        return info;
    }

    private void connect(Attachment attachment, Map<String, Object> connector) {
        String mode = !"null".equals(attachment.attachMode()) ? attachment.attachMode()
                : connector.get("mode") instanceof String m ? m : "rw";
        checkMode(mode, attachment.volumeId());
        boolean attached = attachment.status() == Attachment.Status.ATTACHED;
        attachments.connect(attachment.id(), connector, connector.get("host") instanceof String h ? h : null,
                connector.get("mountpoint") instanceof String p ? p : null, mode,
                attached ? Attachment.Status.ATTACHED : Attachment.Status.ATTACHING);
        if (!attached) {
            access.transition(attachment.volumeId(), VolumeOperation.ATTACHMENT_CONNECT);
        }
    }

    private Volume lock(String volumeId) {
        return volumes.lock(volumeId).orElseThrow(() -> VolumeFaults.volumeNotFound(volumeId));
    }

    private static void checkMode(String mode, String volumeId) {
        if (!mode.equals("rw") && !mode.equals("ro")) {
            throw VolumeFaults.invalidVolume("Invalid attaching mode '" + mode + "' for volume " + volumeId + ".");
        }
    }
}
