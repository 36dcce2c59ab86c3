package io.lightcloud.volume.snapshot;

import static java.util.Objects.requireNonNull;

import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.backend.VolumeBackend;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.core.VolumeStatus;
import io.lightcloud.volume.metadata.MetadataOwner;
import io.lightcloud.volume.metadata.MetadataRepository;
import io.lightcloud.volume.quota.Quotas;
import io.lightcloud.volume.task.VolumeTasks;
import io.lightcloud.volume.type.VolumeTypes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates and deletes snapshots. Creation reserves quota (one snapshot and the volume's gigabytes, as Cinder
 * counts them) in the transaction that records the snapshot under a lock on its volume, then copies the data in the
 * background: {@code creating -> available}, or {@code error} with nothing left on disk and the quota given back.
 */
@Component
public class Snapshots {
    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);
    private static final Set<SnapshotStatus> DELETABLE = EnumSet.of(SnapshotStatus.AVAILABLE, SnapshotStatus.ERROR);

    private final SnapshotRepository snapshots;
    private final VolumeRepository volumes;
    private final MetadataRepository metadata;
    private final VolumeTypes types;
    private final Quotas quotas;
    private final VolumeBackends backends;
    private final VolumeTasks tasks;
    private final TransactionTemplate transactions;

    public Snapshots(SnapshotRepository snapshots, VolumeRepository volumes, MetadataRepository metadata,
            VolumeTypes types, Quotas quotas, VolumeBackends backends, VolumeTasks tasks,
            TransactionTemplate transactions) {
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.types = requireNonNull(types, "types is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public Snapshot create(CinderRequest call, Volume volume, String name, String description, boolean force,
            Map<String, String> meta) {
        Set<VolumeStatus> valid = force ? EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE)
                : EnumSet.of(VolumeStatus.AVAILABLE);
        String id = UUID.randomUUID().toString();
        Created created = transactions.execute(status -> {
            Volume locked = volumes.lock(volume.id()).orElseThrow(() -> VolumeFaults.volumeNotFound(volume.id()));
            if (locked.status() == VolumeStatus.ERROR) {
                throw VolumeFaults.invalidVolume("The snapshot cannot be created when the volume is in error status.");
            }
            if (!valid.contains(locked.status())) {
                throw VolumeFaults.invalidVolume("Volume " + locked.id() + " status must be "
                        + valid.stream().map(VolumeStatus::apiName).sorted().collect(Collectors.joining(", "))
                        + ", but current status is: " + locked.status().apiName() + ".");
            }
            Snapshot snapshot = new Snapshot(id, locked.projectId(), call.caller().userId(), locked.id(), name,
                    description, locked.sizeGb(), SnapshotStatus.CREATING, locked.typeId(), locked.backend(), true,
                    OffsetDateTime.now(ZoneOffset.UTC), null);
            quotas.reserve(locked.projectId(), types.byId(locked.typeId()), Quotas.Charge.snapshot(locked.sizeGb()));
            snapshots.insert(snapshot, tasks.host());
            metadata.merge(MetadataOwner.SNAPSHOT, id, meta);
            return new Created(snapshot, locked.status() == VolumeStatus.IN_USE);
        });
        Snapshot snapshot = created.snapshot();
        boolean attached = created.attached();
        log.info("Snapshot create accepted snapshot_id={} volume_id={} project_id={} size_gb={} attached={}", id,
                volume.id(), snapshot.projectId(), snapshot.sizeGb(), attached);
        tasks.submit("create snapshot " + id, () -> build(snapshot, attached));
        return snapshot;
    }

    private record Created(Snapshot snapshot, boolean attached) {
    }

    /** Fails a snapshot whose creation did not finish: removes its data and, exactly once, gives its quota back. */
    public void fail(Snapshot snapshot) {
        try {
            backends.get(snapshot.backend()).deleteSnapshot(snapshot.id());
        } catch (RuntimeException e) {
            log.warn("Cannot remove the data of a failed snapshot snapshot_id={} error={}", snapshot.id(),
                    e.getMessage());
        }
        transactions.executeWithoutResult(status -> {
            if (snapshots.failCreation(snapshot.id())) {
                quotas.release(snapshot.projectId(), snapshot.typeId(), Quotas.Charge.snapshot(snapshot.sizeGb()));
            }
        });
    }

    public void delete(Snapshot snapshot, boolean force) {
        transactions.executeWithoutResult(status -> {
            Snapshot locked = snapshots.lock(snapshot.id())
                    .orElseThrow(() -> VolumeFaults.snapshotNotFound(snapshot.id()));
            if (!force && !DELETABLE.contains(locked.status())) {
                throw VolumeFaults.invalidSnapshot("Snapshot status must be available or error and must not be part "
                        + "of a group.");
            }
            if (volumes.hasCreatingFromSnapshot(locked.id())) {
                throw VolumeFaults.invalidSnapshot("Snapshot " + locked.id() + " is being copied into a new volume; "
                        + "delete it when the volume is available.");
            }
            snapshots.transition(locked.id(), EnumSet.allOf(SnapshotStatus.class), SnapshotStatus.DELETING);
        });
        try {
            backends.get(snapshot.backend()).deleteSnapshot(snapshot.id());
        } catch (RuntimeException e) {
            log.error("Snapshot delete failed snapshot_id={} error={}", snapshot.id(), e.getMessage());
            transactions.executeWithoutResult(status -> snapshots.transition(snapshot.id(),
                    EnumSet.of(SnapshotStatus.DELETING), SnapshotStatus.ERROR_DELETING));
            return;
        }
        transactions.executeWithoutResult(status -> {
            Snapshot current = snapshots.find(snapshot.id()).orElse(snapshot);
            snapshots.delete(snapshot.id());
            if (current.holdsQuota()) {
                quotas.release(current.projectId(), current.typeId(), Quotas.Charge.snapshot(current.sizeGb()));
            }
        });
        log.info("Snapshot deleted snapshot_id={} volume_id={} forced={}", snapshot.id(), snapshot.volumeId(), force);
    }

    private void build(Snapshot snapshot, boolean attached) {
        VolumeBackend backend = backends.get(snapshot.backend());
        long started = System.nanoTime();
        try {
            backend.createSnapshot(snapshot.volumeId(), snapshot.id(), attached);
        } catch (RuntimeException e) {
            log.error("Snapshot create failed snapshot_id={} volume_id={} error={}", snapshot.id(),
                    snapshot.volumeId(), e.getMessage());
            fail(snapshot);
            return;
        }
        boolean available = Boolean.TRUE.equals(transactions.execute(status -> snapshots.transition(snapshot.id(),
                EnumSet.of(SnapshotStatus.CREATING), SnapshotStatus.AVAILABLE)));
        if (!available && snapshots.find(snapshot.id()).map(s -> s.status() == SnapshotStatus.DELETING).orElse(true)) {
            log.info("Snapshot was deleted while it was being created; removing its data snapshot_id={}",
                    snapshot.id());
            backend.deleteSnapshot(snapshot.id());
            return;
        }
        log.info("Snapshot created snapshot_id={} volume_id={} duration_ms={}", snapshot.id(), snapshot.volumeId(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
