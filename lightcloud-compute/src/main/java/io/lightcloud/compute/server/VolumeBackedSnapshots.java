package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * {@code createImage} of a server that boots from a volume, as Nova does it: the boot volume is snapshotted in the
 * volume service (attached, so crash-consistent), and the image service gets an image without data whose
 * {@code block_device_mapping} property names that snapshot; booting that image makes a new volume from the snapshot.
 * Other attached volumes are not part of the snapshot.
 */
public class VolumeBackedSnapshots {
    private static final Logger log = LoggerFactory.getLogger(VolumeBackedSnapshots.class);

    private final VolumeAttachmentRepository attachments;
    private final ObjectProvider<VolumeAttachments> volumes;
    private final ObjectProvider<ImageRegistry> images;
    private final InstanceActionLog actions;
    private final Path spoolDir;

    public VolumeBackedSnapshots(VolumeAttachmentRepository attachments, ObjectProvider<VolumeAttachments> volumes,
            ObjectProvider<ImageRegistry> images, InstanceActionLog actions, Path spoolDir) {
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.images = requireNonNull(images, "images is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.spoolDir = requireNonNull(spoolDir, "spoolDir is null");
    }

    /** Snapshots the server's boot volume and registers the image; answers the image's id. */
    public String create(AuthContext caller, Instance server, String name, Map<String, String> metadata) {
        VolumeAttachment root = attachments.list(server.id()).stream()
                .filter(a -> a.bootIndex() != null && a.bootIndex() == 0 && a.attachmentId() != null)
                .findFirst().orElseThrow(() -> ServerAccess.invalidState("createImage", server, "task_state",
                        "waiting for its boot volume"));
        VolumeAttachments volumeService = volumes.getIfAvailable();
        ImageRegistry registry = images.getIfAvailable();
        if (volumeService == null || registry == null) {
            throw ApiException.badRequest("Snapshots of volume-backed servers need the volume and image services.");
        }
        long sizeGb = volumeService.find(root.volumeId(), caller).map(VolumeAttachments.VolumeInfo::sizeGb)
                .orElseThrow(() -> ApiException.notFound("Volume " + root.volumeId() + " could not be found."));
        actions.start(server.id(), "createImage", caller);
        String snapshotId = volumeService.snapshot(root.volumeId(), "snapshot for " + name, caller);
        Map<String, String> properties = new LinkedHashMap<>(metadata);
        properties.put("image_type", "snapshot");
        properties.put("instance_uuid", server.id());
        properties.put("user_id", caller.userId());
        properties.putAll(VolumeSnapshotImages.properties(snapshotId, sizeGb, root.deleteOnTermination()));
        Path empty = null;
        try {
            Files.createDirectories(spoolDir);
            empty = Files.createTempFile(spoolDir, "volume-snapshot-", ".img");
            String imageId = registry.importFile(caller, new ImageRegistry.NewImage(name, "raw", "bare", "private",
                    properties), empty).id();
            actions.finishLatest(server.id(), InstanceActionLog.SUCCESS, null, null);
            log.info("Snapshot of a volume-backed server registered instance_id={} volume_id={} snapshot_id={} "
                    + "image_id={}", server.id(), root.volumeId(), snapshotId, imageId);
            return imageId;
        } catch (IOException | RuntimeException e) {
            volumeService.deleteSnapshot(snapshotId);
            actions.finishLatest(server.id(), InstanceActionLog.ERROR, null, e.getMessage());
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot register the snapshot image of " + server.id(), io);
            }
            throw (RuntimeException) e;
        } finally {
            if (empty != null) {
                try {
                    Files.deleteIfExists(empty);
                } catch (IOException e) {
                    log.debug("cannot delete {}", empty, e);
                }
            }
        }
    }
}
