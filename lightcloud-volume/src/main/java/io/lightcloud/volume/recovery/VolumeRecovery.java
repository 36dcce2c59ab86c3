package io.lightcloud.volume.recovery;

import static java.util.Objects.requireNonNull;

import io.lightcloud.volume.backend.BackendException;
import io.lightcloud.volume.backend.VolumeBackend;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.core.VolumeStatus;
import io.lightcloud.volume.snapshot.Snapshots;
import io.lightcloud.volume.task.VolumeTasks;
import io.lightcloud.volume.volume.VolumeCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At startup, fails the volumes and snapshots this controller was still creating when it stopped: their background
 * work died with the process. Their partial data is removed and their quota released, as for any failed create.
 * Work recorded by other controllers (another host) is theirs to recover. Then removes the partial files that no
 * volume or snapshot owns: those of creations whose record a crash lost (with an embedded database that flushed
 * commits late) or that were removed while the file was being written.
 */
@Component
public class VolumeRecovery {
    private static final Logger log = LoggerFactory.getLogger(VolumeRecovery.class);

    private final VolumeRepository volumes;
    private final SnapshotRepository snapshots;
    private final VolumeCreator creator;
    private final Snapshots snapshotService;
    private final VolumeTasks tasks;
    private final VolumeBackends backends;

    public VolumeRecovery(VolumeRepository volumes, SnapshotRepository snapshots, VolumeCreator creator,
            Snapshots snapshotService, VolumeTasks tasks, VolumeBackends backends) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.snapshotService = requireNonNull(snapshotService, "snapshotService is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.backends = requireNonNull(backends, "backends is null");
    }

    @EventListener(ApplicationReadyEvent.class)
    public void recover() {
        for (Volume volume : volumes.listByStatusAndHost(VolumeStatus.CREATING, tasks.host())) {
            log.warn("Failing a volume whose creation was interrupted by a restart volume_id={}", volume.id());
            creator.fail(volume);
        }
        for (Snapshot snapshot : snapshots.listByStatusAndHost(SnapshotStatus.CREATING, tasks.host())) {
            log.warn("Failing a snapshot whose creation was interrupted by a restart snapshot_id={}", snapshot.id());
            snapshotService.fail(snapshot);
        }
        // A partial file is only ever written after its record is committed, so one without a record is an orphan.
        for (VolumeBackend backend : backends.all()) {
            try {
                int removed = backend.removeOrphanPartials(id -> volumes.find(id).isPresent(),
                        id -> snapshots.find(id).isPresent());
                if (removed > 0) {
                    log.warn("Removed partial files of volumes or snapshots that do not exist backend={} count={}",
                            backend.name(), removed);
                }
            } catch (BackendException e) {
                log.warn("Cannot sweep the partial files of backend={} error={}", backend.name(), e.getMessage());
            }
        }
    }
}
