package io.lightcloud.volume.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.backend.VolumeBackend;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeOperation;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.quota.Quotas;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes volumes as Cinder does: refused while the volume has snapshots unless {@code cascade} deletes them too,
 * refused while the volume is attached even when forced. The status moves to {@code deleting} under a row lock,
 * the data goes, then the rows go and the quota comes back; if the data cannot be removed the volume stays, in
 * {@code error_deleting}, still counted.
 */
@Component
public class VolumeDeleter {
    private static final Logger log = LoggerFactory.getLogger(VolumeDeleter.class);
    private static final Set<SnapshotStatus> CASCADABLE = EnumSet.of(SnapshotStatus.AVAILABLE, SnapshotStatus.ERROR);

    private final VolumeRepository volumes;
    private final SnapshotRepository snapshots;
    private final Quotas quotas;
    private final VolumeBackends backends;
    private final TransactionTemplate transactions;

    public VolumeDeleter(VolumeRepository volumes, SnapshotRepository snapshots, Quotas quotas,
            VolumeBackends backends, TransactionTemplate transactions) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public void delete(Volume volume, boolean cascade, boolean force) {
        VolumeOperation operation = force ? VolumeOperation.FORCE_DELETE : VolumeOperation.DELETE;
        List<Snapshot> doomed = transactions.execute(status -> {
            Volume locked = volumes.lock(volume.id()).orElseThrow(() -> VolumeFaults.volumeNotFound(volume.id()));
            VolumeAccess.check(locked, operation);
            List<Snapshot> owned = snapshots.listByVolume(locked.id());
            if (!owned.isEmpty() && !cascade) {
                throw VolumeFaults.invalidVolume(VolumeOperation.DELETE.refusal(locked.id(), locked.status()));
            }
            for (Snapshot snapshot : owned) {
                if (volumes.hasCreatingFromSnapshot(snapshot.id())) {
                    throw VolumeFaults.invalidVolume("Snapshot " + snapshot.id() + " of volume " + locked.id()
                            + " is being copied into a new volume; delete the volume when that one is available.");
                }
                if (!snapshots.transition(snapshot.id(), force ? EnumSet.allOf(SnapshotStatus.class) : CASCADABLE,
                        SnapshotStatus.DELETING)) {
                    throw VolumeFaults.invalidVolume("Snapshot " + snapshot.id() + " of volume " + locked.id()
                            + " is " + snapshot.status().apiName() + " and cannot be deleted with it.");
                }
            }
            if (volumes.hasCreatingClones(locked.id())) {
                throw VolumeFaults.invalidVolume("Volume " + locked.id() + " is being cloned; delete it when the "
                        + "clone is available.");
            }
            volumes.transition(locked.id(), operation);
            return owned;
        });
        VolumeBackend backend = backends.get(volume.backend());
        try {
            for (Snapshot snapshot : doomed) {
                backend.deleteSnapshot(snapshot.id());
            }
            backend.deleteVolume(volume.id());
        } catch (RuntimeException e) {
            log.error("Volume delete failed volume_id={} error={}", volume.id(), e.getMessage());
            transactions.executeWithoutResult(status -> {
                volumes.transition(volume.id(), VolumeOperation.DELETE_FAILED);
                doomed.forEach(s -> snapshots.transition(s.id(), EnumSet.of(SnapshotStatus.DELETING),
                        SnapshotStatus.ERROR_DELETING));
            });
            return;
        }
        transactions.executeWithoutResult(status -> {
            for (Snapshot snapshot : doomed) {
                snapshots.delete(snapshot.id());
                if (snapshot.holdsQuota()) {
                    quotas.release(snapshot.projectId(), snapshot.typeId(), Quotas.Charge.snapshot(snapshot.sizeGb()));
                }
            }
            Volume current = volumes.find(volume.id()).orElse(volume);
            volumes.delete(volume.id());
            if (current.holdsQuota()) {
                quotas.release(current.projectId(), current.typeId(), Quotas.Charge.volume(current.sizeGb()));
            }
        });
        log.info("Volume deleted volume_id={} project_id={} snapshots_deleted={} forced={}", volume.id(),
                volume.projectId(), doomed.size(), force);
    }
}
