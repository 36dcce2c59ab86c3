package io.lightcloud.volume.backend;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a storage backend does for the volume service. Backends own data only: the API layer owns the database and
 * the state machine and calls a backend once a transition is committed. Every creating operation either completes
 * or leaves nothing behind, and deletions are idempotent, so a failed or repeated call is always safe to clean up
 * after. A backend whose data QEMU cannot open as a file (Ceph RBD) says so in its {@link ConnectionInfo}.
 */
public interface VolumeBackend {
    /** The name this backend is configured under, as in {@code lightcloud.volume.backends.<name>}. */
    String name();

    void createBlank(String volumeId, long sizeGb);

    /** Fills a new volume with an image's data, converted from the image's disk format, grown to {@code sizeGb}. */
    void createFromImage(String volumeId, ImageSource image, long sizeGb);

    void cloneVolume(String sourceVolumeId, String volumeId, long sizeGb);

    /**
     * Takes a point-in-time copy of a volume that stays valid when the volume is written to afterwards. A snapshot
     * may depend on its volume while the volume lives, since the API refuses to delete a volume that has snapshots.
     *
     * @param attached whether a guest may be writing to the volume (a forced snapshot of an in-use volume)
     */
    void createSnapshot(String volumeId, String snapshotId, boolean attached);

    void createFromSnapshot(String snapshotId, String volumeId, long sizeGb);

    void extend(String volumeId, long newSizeGb);

    /** Writes a volume's data to a local file in an image disk format, for registering it as an image. */
    void exportVolume(String volumeId, Path target, String diskFormat, boolean attached);

    void deleteVolume(String volumeId);

    void deleteSnapshot(String snapshotId);

    /** How a hypervisor host opens the volume, given the connector the host sent. */
    ConnectionInfo connectionInfo(String volumeId, Map<String, Object> connector);

    BackendStats stats();

    /**
     * Removes the partial data of creations whose volume or snapshot does not exist: a crash stopped the creation
     * and its record was lost or removed since. Partial data of existing records is left to their creation or to its
     * recovery. Answers how many were removed.
     */
    default int removeOrphanPartials(Predicate<String> volumeExists, Predicate<String> snapshotExists) {
        return 0;
    }

    /** An image's data as a local file and its disk format as Glance names it (raw, qcow2, vmdk, ...). */
    record ImageSource(String imageId, Path path, String diskFormat) {
    }
}
