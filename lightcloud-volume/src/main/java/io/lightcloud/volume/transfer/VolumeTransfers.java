package io.lightcloud.volume.transfer;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.quota.Quotas;
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.type.VolumeType;
import io.lightcloud.volume.type.VolumeTypes;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeOperation;
import io.lightcloud.volume.core.VolumeRepository;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Volume transfers as Cinder does them: offering puts an available volume in {@code awaiting-transfer}; accepting
 * with the right key moves the volume and its snapshots to the receiving project, moving their quota with them (the
 * receiver's limits apply: 413 when they would be exceeded), and makes it available again; deleting the offer
 * makes it available to its owner again. Each is one transaction on locked rows, so two accepts cannot both win.
 */
@Service
public class VolumeTransfers {
    private static final Logger log = LoggerFactory.getLogger(VolumeTransfers.class);

    private final VolumeTransferRepository transfers;
    private final VolumeRepository volumes;
    private final VolumeAccess access;
    private final SnapshotRepository snapshots;
    private final Quotas quotas;
    private final VolumeTypes types;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public VolumeTransfers(VolumeTransferRepository transfers, VolumeRepository volumes, VolumeAccess access,
            SnapshotRepository snapshots, Quotas quotas, VolumeTypes types, PolicyEnforcer policy,
            TransactionTemplate transactions) {
        this.transfers = requireNonNull(transfers, "transfers is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.access = requireNonNull(access, "access is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.types = requireNonNull(types, "types is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    /** A new offer and its key, which is shown only in this answer. */
    public record Offer(VolumeTransfer transfer, String authKey) {
    }

    public Offer create(CinderRequest call, String volumeId, String name, boolean noSnapshots) {
        Volume volume = access.get(call, volumeId, "volume:create_transfer");
        String key = TransferKey.generate();
        VolumeTransfer transfer = new VolumeTransfer(UUID.randomUUID().toString(), volume.id(), volume.projectId(),
                name, noSnapshots, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        transactions.executeWithoutResult(status -> {
            Volume locked = volumes.lock(volume.id()).orElseThrow(() -> VolumeFaults.volumeNotFound(volume.id()));
            VolumeAccess.check(locked, VolumeOperation.TRANSFER);
            List<Snapshot> owned = snapshots.listByVolume(locked.id());
            if (noSnapshots && !owned.isEmpty()) {
                throw VolumeFaults.invalidVolume("Volume " + locked.id() + " has snapshots; transfer it with them "
                        + "(no_snapshots false) or delete them first.");
            }
            for (Snapshot snapshot : owned) {
                if (snapshot.status() != SnapshotStatus.AVAILABLE) {
                    throw VolumeFaults.invalidSnapshot("Snapshot " + snapshot.id() + " of volume " + locked.id()
                            + " is " + snapshot.status().apiName() + "; it must be available for a transfer.");
                }
            }
            volumes.transition(locked.id(), VolumeOperation.TRANSFER);
            transfers.insert(transfer, TransferKey.hashed(key));
        });
        log.info("Volume transfer offered transfer_id={} volume_id={} project_id={}", transfer.id(), volume.id(),
                volume.projectId());
        return new Offer(transfer, key);
    }

    /** The transfer, if the caller's project offered it (or the caller is an admin); 404 otherwise. */
    public VolumeTransfer get(CinderRequest call, String id, String action) {
        VolumeTransfer transfer = transfers.find(id).filter(t -> call.canSee(t.sourceProjectId()))
                .orElseThrow(() -> notFound(id));
        policy.enforce(action, call.caller(), CinderRequest.target(transfer.sourceProjectId()));
        return transfer;
    }

    public void delete(CinderRequest call, String id) {
        VolumeTransfer transfer = get(call, id, "volume:delete_transfer");
        transactions.executeWithoutResult(status -> {
            transfers.lock(id).orElseThrow(() -> notFound(id));
            volumes.transition(transfer.volumeId(), VolumeOperation.TRANSFER_DELETED);
            transfers.delete(id);
        });
        log.info("Volume transfer deleted transfer_id={} volume_id={}", id, transfer.volumeId());
    }

    public VolumeTransfer accept(CinderRequest call, String id, String authKey) {
        policy.enforce("volume:accept_transfer", call.caller(), CinderRequest.target(call.projectId()));
        String receiver = call.projectId();
        VolumeTransfer accepted = transactions.execute(status -> {
            VolumeTransferRepository.Locked locked = transfers.lock(id).orElseThrow(() -> notFound(id));
            VolumeTransfer transfer = locked.transfer();
            if (!locked.key().matches(authKey)) {
                throw ApiException.badRequest("Invalid auth key: Attempt to transfer " + id
                        + " with invalid auth key.");
            }
            Volume volume = volumes.lock(transfer.volumeId())
                    .orElseThrow(() -> VolumeFaults.volumeNotFound(transfer.volumeId()));
            VolumeAccess.check(volume, VolumeOperation.TRANSFER_ACCEPTED);
            List<Snapshot> owned = snapshots.listByVolume(volume.id());
            moveQuota(volume, owned, receiver);
            volumes.changeOwner(volume.id(), receiver, call.caller().userId());
            snapshots.changeOwnerOfVolume(volume.id(), receiver, call.caller().userId());
            volumes.transition(volume.id(), VolumeOperation.TRANSFER_ACCEPTED);
            transfers.delete(id);
            return transfer;
        });
        log.info("Volume transfer accepted transfer_id={} volume_id={} from_project={} to_project={}", id,
                accepted.volumeId(), accepted.sourceProjectId(), receiver);
        return accepted;
    }

    /** Counts the volume and its snapshots against the receiver (refusing with 413) and gives them back to the giver. */
    private void moveQuota(Volume volume, List<Snapshot> owned, String receiver) {
        VolumeType type = types.byId(volume.typeId());
        quotas.checkVolumeSize(receiver, volume.sizeGb());
        quotas.reserve(receiver, type, Quotas.Charge.volume(volume.sizeGb()));
        if (volume.holdsQuota()) {
            quotas.release(volume.projectId(), volume.typeId(), Quotas.Charge.volume(volume.sizeGb()));
        }
        for (Snapshot snapshot : owned) {
            quotas.reserve(receiver, types.byId(snapshot.typeId()), Quotas.Charge.snapshot(snapshot.sizeGb()));
            if (snapshot.holdsQuota()) {
                quotas.release(snapshot.projectId(), snapshot.typeId(), Quotas.Charge.snapshot(snapshot.sizeGb()));
            }
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Transfer " + id + " could not be found.");
    }
}
