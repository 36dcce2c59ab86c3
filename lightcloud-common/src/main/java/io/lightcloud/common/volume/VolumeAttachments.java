package io.lightcloud.common.volume;

import io.lightcloud.common.auth.AuthContext;
import java.util.Map;
import java.util.Optional;

/**
 * What compute needs from the volume service to attach volumes to servers, after Cinder's attach flow: reserve the
 * volume for a server, get the connection for the server's host, confirm the attach once the host plugged it in,
 * and detach once the host unplugged it. Implemented by the volume module (with Cinder's {@code os-reserve},
 * {@code os-initialize_connection}, {@code os-attach}, {@code os-detach} or the v3 attachments); compute calls it
 * outside its own transactions and undoes a reserve with {@link #detach} when its own step fails.
 */
public interface VolumeAttachments {
    /**
     * A volume the caller may attach; empty when it does not exist or the caller may not see it, so that compute
     * answers 404 either way.
     */
    Optional<VolumeInfo> find(String volumeId, AuthContext caller);

    /**
     * Creates a volume of the caller's project from an image, as Nova does for a block device mapping with
     * {@code source_type image} and {@code destination_type volume}; answers its id at once, while its status is
     * {@code creating}.
     *
     * @throws io.lightcloud.common.api.ApiException 400 for an unusable image or a size smaller than it, 404 when the
     *         caller may not use the image, 413 when the project's volume quota is exceeded
     */
    String createFromImage(String name, String imageId, long sizeGb, AuthContext caller);

    /**
     * Creates a volume of the caller's project from a volume snapshot ({@code source_type snapshot}); answers its id
     * at once, while its status is {@code creating}. A null size takes the snapshot's.
     *
     * @throws io.lightcloud.common.api.ApiException 400 when the snapshot is not {@code available} or the size is
     *         smaller than it, 404 when the caller may not see it, 413 when the volume quota is exceeded
     */
    String createFromSnapshot(String name, String snapshotId, Long sizeGb, AuthContext caller);

    /**
     * Snapshots a volume, attached or not (Cinder's {@code force}), for a snapshot of the server it boots; answers the
     * snapshot's id while it is {@code creating}.
     */
    String snapshot(String volumeId, String name, AuthContext caller);

    /** Deletes a snapshot compute made and could not hand on; one already gone is fine. */
    void deleteSnapshot(String snapshotId);

    /** The volume's status ({@code creating}, {@code available}, {@code error}, ...); empty when it is gone. */
    Optional<String> status(String volumeId);

    /**
     * Deletes a volume compute made or was told to delete with its server ({@code delete_on_termination}), once no
     * attachment holds it; a volume already gone is fine.
     */
    void delete(String volumeId);

    /**
     * Reserves the volume for the server (its status becomes {@code attaching}) and returns the attachment id.
     *
     * @throws io.lightcloud.common.api.ApiException 404 when the caller may not see the volume, 409 when it is not
     *         {@code available} (nor {@code in-use} and multiattach)
     */
    String reserve(String volumeId, String instanceId, AuthContext caller);

    /** How the server's host reaches the volume; may be called again for the same attachment (another host). */
    Connection connect(String attachmentId, HostConnector connector);

    /** The host plugged the volume in: the volume becomes {@code in-use}, attached at {@code mountpoint}. */
    void complete(String attachmentId, String mountpoint);

    /**
     * Ends the attachment: the volume becomes {@code available} again (unless other attachments remain). Idempotent,
     * and also undoes a reserve that was never completed.
     */
    void detach(String attachmentId);

    /** What compute shows and checks of a volume. */
    record VolumeInfo(String id, String name, long sizeGb, String status, boolean multiattach, boolean bootable) {
    }

    /** The host that will use the volume, as Cinder's connector describes it. */
    record HostConnector(String host, String ip) {
    }

    /**
     * Cinder's connection info. {@code driverVolumeType} is {@code file} (data: {@code path}, {@code format}) or
     * {@code rbd} (data: {@code name} as {@code pool/image}, {@code hosts}, {@code ports}, {@code auth_username},
     * {@code secret_uuid} or {@code keyring}); the agent's driver reads the same keys.
     */
    record Connection(String driverVolumeType, Map<String, Object> data) {
        public Connection {
            data = Map.copyOf(data);
        }
    }
}
