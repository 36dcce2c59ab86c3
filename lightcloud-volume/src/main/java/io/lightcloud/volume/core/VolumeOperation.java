package io.lightcloud.volume.core;

import static io.lightcloud.volume.core.VolumeStatus.AVAILABLE;
import static io.lightcloud.volume.core.VolumeStatus.AWAITING_TRANSFER;
import static io.lightcloud.volume.core.VolumeStatus.ATTACHING;
import static io.lightcloud.volume.core.VolumeStatus.CREATING;
import static io.lightcloud.volume.core.VolumeStatus.DELETING;
import static io.lightcloud.volume.core.VolumeStatus.DETACHING;
import static io.lightcloud.volume.core.VolumeStatus.ERROR;
import static io.lightcloud.volume.core.VolumeStatus.ERROR_DELETING;
import static io.lightcloud.volume.core.VolumeStatus.ERROR_EXTENDING;
import static io.lightcloud.volume.core.VolumeStatus.EXTENDING;
import static io.lightcloud.volume.core.VolumeStatus.IN_USE;
import static io.lightcloud.volume.core.VolumeStatus.RESERVED;
import static io.lightcloud.volume.core.VolumeStatus.UPLOADING;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The volume state machine: every status change is one of these operations, legal only from its source statuses.
 * The repository applies an operation as one conditional UPDATE ({@code ... WHERE status IN (from)}), so two racing
 * requests cannot both win; the loser gets Cinder's "Invalid volume" fault with {@link #refusal}.
 */
public enum VolumeOperation {
    CREATED(EnumSet.of(CREATING), AVAILABLE),
    CREATE_FAILED(EnumSet.of(CREATING), ERROR),
    DELETE(EnumSet.of(AVAILABLE, ERROR, ERROR_EXTENDING), DELETING),
    /** An admin's force delete skips the status checks, except that an attached volume is never deleted. */
    FORCE_DELETE(EnumSet.complementOf(EnumSet.of(IN_USE, DETACHING)), DELETING),
    DELETE_FAILED(EnumSet.of(DELETING), ERROR_DELETING),
    EXTEND(EnumSet.of(AVAILABLE), EXTENDING),
    EXTENDED(EnumSet.of(EXTENDING), AVAILABLE),
    EXTEND_FAILED(EnumSet.of(EXTENDING), ERROR_EXTENDING),
    UPLOAD(EnumSet.of(AVAILABLE), UPLOADING),
    UPLOAD_ATTACHED(EnumSet.of(IN_USE), UPLOADING),
    UPLOADED(EnumSet.of(UPLOADING), AVAILABLE),
    UPLOADED_ATTACHED(EnumSet.of(UPLOADING), IN_USE),
    RESERVE(EnumSet.of(AVAILABLE), ATTACHING),
    UNRESERVE(EnumSet.of(ATTACHING), AVAILABLE),
    /** Cinder's legacy {@code os-attach} also attaches an available volume nobody reserved. */
    ATTACH(EnumSet.of(AVAILABLE, ATTACHING, RESERVED), IN_USE),
    BEGIN_DETACHING(EnumSet.of(IN_USE), DETACHING),
    ROLL_DETACHING(EnumSet.of(DETACHING), IN_USE),
    DETACH(EnumSet.of(DETACHING, IN_USE), AVAILABLE),
    ATTACHMENT_RESERVE(EnumSet.of(AVAILABLE), RESERVED),
    ATTACHMENT_CONNECT(EnumSet.of(RESERVED, ATTACHING), ATTACHING),
    ATTACHMENT_COMPLETE(EnumSet.of(RESERVED, ATTACHING, IN_USE), IN_USE),
    ATTACHMENT_DELETE(EnumSet.of(RESERVED, ATTACHING, IN_USE, DETACHING), AVAILABLE),
    TRANSFER(EnumSet.of(AVAILABLE), AWAITING_TRANSFER),
    TRANSFER_DELETED(EnumSet.of(AWAITING_TRANSFER), AVAILABLE),
    TRANSFER_ACCEPTED(EnumSet.of(AWAITING_TRANSFER), AVAILABLE);

    private final Set<VolumeStatus> from;
    private final VolumeStatus to;

    VolumeOperation(Set<VolumeStatus> from, VolumeStatus to) {
        this.from = Set.copyOf(from);
        this.to = to;
    }

    public Set<VolumeStatus> from() {
        return from;
    }

    public VolumeStatus to() {
        return to;
    }

    public boolean allowedFrom(VolumeStatus status) {
        return from.contains(status);
    }

    /** Cinder's reason for refusing this operation on a volume in {@code current} status. */
    public String refusal(String volumeId, VolumeStatus current) {
        String now = current == null ? "deleted" : current.apiName();
        return switch (this) {
            case DELETE -> "Volume status must be " + expected(" or ") + " and must not be migrating, attached, belong "
                    + "to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after "
                    + "volume transfer.";
            case FORCE_DELETE -> "Volume " + volumeId + " must not be attached to be deleted, but its status is "
                    + now + ".";
            case TRANSFER -> "Volume " + volumeId + " status must be available to be transferred, but the current "
                    + "status is " + now + ".";
            case EXTEND -> "Volume " + volumeId + " status must be 'available' to extend, currently " + now + ".";
            case RESERVE -> "Volume status must be available to reserve, but the status is " + now + ".";
            case ATTACHMENT_RESERVE -> "Volume " + volumeId + " status must be available or downloading to reserve, "
                    + "but the current status is " + now + ".";
            case BEGIN_DETACHING -> "Unable to detach volume. Volume status must be 'in-use' and attach_status must "
                    + "be 'attached' to detach.";
            default -> "Volume " + volumeId + " status must be " + expected(", ") + ", but current status is: " + now
                    + ".";
        };
    }

    private String expected(String separator) {
        return from.stream().sorted().map(VolumeStatus::apiName).collect(Collectors.joining(separator));
    }
}
