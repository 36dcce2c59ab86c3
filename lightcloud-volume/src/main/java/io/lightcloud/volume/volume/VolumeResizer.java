package io.lightcloud.volume.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeOperation;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.quota.Quotas;
import io.lightcloud.volume.type.VolumeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code os-extend}: grows an available volume. The added gigabytes are reserved in the transaction that moves the
 * volume to {@code extending}; a failed resize gives them back and leaves the volume in {@code error_extending}.
 */
@Component
public class VolumeResizer {
    private static final Logger log = LoggerFactory.getLogger(VolumeResizer.class);

    private final VolumeRepository volumes;
    private final SnapshotRepository snapshots;
    private final VolumeTypes types;
    private final Quotas quotas;
    private final VolumeBackends backends;
    private final TransactionTemplate transactions;

    public VolumeResizer(VolumeRepository volumes, SnapshotRepository snapshots, VolumeTypes types, Quotas quotas,
            VolumeBackends backends, TransactionTemplate transactions) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.types = requireNonNull(types, "types is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public void extend(Volume volume, long newSizeGb) {
        Volume before = transactions.execute(status -> {
            Volume locked = volumes.lock(volume.id()).orElseThrow(() -> VolumeFaults.volumeNotFound(volume.id()));
            if (newSizeGb <= locked.sizeGb()) {
                throw VolumeFaults.invalidInput("New size for extend must be greater than current size. (current: "
                        + locked.sizeGb() + ", extended: " + newSizeGb + ").");
            }
            VolumeAccess.check(locked, VolumeOperation.EXTEND);
            // A snapshot or clone in progress is reading the file that a resize would rewrite.
            if (snapshots.listByVolume(locked.id()).stream().anyMatch(s -> s.status() == SnapshotStatus.CREATING)
                    || volumes.hasCreatingClones(locked.id())) {
                throw VolumeFaults.invalidVolume("Volume " + locked.id() + " is being copied by a snapshot or clone "
                        + "in progress; extend it when the copy is done.");
            }
            quotas.checkVolumeSize(locked.projectId(), newSizeGb);
            if (locked.holdsQuota()) {
                quotas.reserve(locked.projectId(), types.byId(locked.typeId()),
                        Quotas.Charge.gigabytes(newSizeGb - locked.sizeGb()));
            }
            volumes.transition(locked.id(), VolumeOperation.EXTEND);
            return locked;
        });
        long added = newSizeGb - before.sizeGb();
        try {
            backends.get(before.backend()).extend(before.id(), newSizeGb);
        } catch (RuntimeException e) {
            log.error("Volume extend failed volume_id={} new_size_gb={} error={}", before.id(), newSizeGb,
                    e.getMessage());
            transactions.executeWithoutResult(status -> {
                if (volumes.transition(before.id(), VolumeOperation.EXTEND_FAILED) && before.holdsQuota()) {
                    quotas.release(before.projectId(), before.typeId(), Quotas.Charge.gigabytes(added));
                }
            });
            return;
        }
        if (!Boolean.TRUE.equals(transactions.execute(status -> volumes.extended(before.id(), newSizeGb)))) {
            log.warn("Volume changed status while it was extended; its recorded size is unchanged volume_id={}",
                    before.id());
            return;
        }
        log.info("Volume extended volume_id={} size_gb={} previous_size_gb={}", before.id(), newSizeGb,
                before.sizeGb());
    }
}
