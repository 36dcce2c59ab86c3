package io.lightcloud.volume.core;

import static io.lightcloud.volume.core.VolumeStatus.AVAILABLE;
import static io.lightcloud.volume.core.VolumeStatus.ATTACHING;
import static io.lightcloud.volume.core.VolumeStatus.CREATING;
import static io.lightcloud.volume.core.VolumeStatus.DELETING;
import static io.lightcloud.volume.core.VolumeStatus.DETACHING;
import static io.lightcloud.volume.core.VolumeStatus.ERROR;
import static io.lightcloud.volume.core.VolumeStatus.ERROR_EXTENDING;
import static io.lightcloud.volume.core.VolumeStatus.IN_USE;
import static io.lightcloud.volume.core.VolumeStatus.RESERVED;
import static io.lightcloud.volume.core.VolumeStatus.UPLOADING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The volume state machine against Cinder's rules. */
class VolumeOperationTest {
    @Test
    void deleteOnlyFromRestingStatusesAndNeverWhileAttachedEvenWhenForced() {
        assertThat(VolumeOperation.DELETE.from()).containsExactlyInAnyOrder(AVAILABLE, ERROR, ERROR_EXTENDING);
        assertThat(VolumeOperation.FORCE_DELETE.allowedFrom(IN_USE)).isFalse();
        assertThat(VolumeOperation.FORCE_DELETE.allowedFrom(DETACHING)).isFalse();
        assertThat(VolumeOperation.FORCE_DELETE.allowedFrom(CREATING)).isTrue();
        assertThat(VolumeOperation.FORCE_DELETE.allowedFrom(DELETING)).as("a stuck delete can be forced again").isTrue();
        assertThat(VolumeOperation.DELETE.to()).isEqualTo(DELETING);
    }

    @Test
    void legacyAttachFlowFollowsCinder() {
        assertThat(walk(AVAILABLE, VolumeOperation.RESERVE, VolumeOperation.ATTACH, VolumeOperation.BEGIN_DETACHING,
                VolumeOperation.ROLL_DETACHING, VolumeOperation.BEGIN_DETACHING, VolumeOperation.DETACH))
                .isEqualTo(AVAILABLE);
        assertThat(walk(AVAILABLE, VolumeOperation.RESERVE, VolumeOperation.UNRESERVE)).isEqualTo(AVAILABLE);
        assertThat(VolumeOperation.RESERVE.allowedFrom(IN_USE)).as("volumes are single-attach").isFalse();
        assertThat(VolumeOperation.BEGIN_DETACHING.allowedFrom(AVAILABLE)).isFalse();
        assertThat(walk(AVAILABLE, VolumeOperation.ATTACH)).as("os-attach without os-reserve, as Cinder allows")
                .isEqualTo(IN_USE);
    }

    @Test
    void aTransferHoldsTheVolumeUntilItIsAcceptedOrDeleted() {
        assertThat(walk(AVAILABLE, VolumeOperation.TRANSFER, VolumeOperation.TRANSFER_ACCEPTED)).isEqualTo(AVAILABLE);
        assertThat(walk(AVAILABLE, VolumeOperation.TRANSFER, VolumeOperation.TRANSFER_DELETED)).isEqualTo(AVAILABLE);
        for (VolumeOperation operation : List.of(VolumeOperation.DELETE, VolumeOperation.EXTEND,
                VolumeOperation.RESERVE, VolumeOperation.ATTACH, VolumeOperation.UPLOAD, VolumeOperation.TRANSFER)) {
            assertThat(operation.allowedFrom(VolumeStatus.AWAITING_TRANSFER)).as(operation.name()).isFalse();
            assertThat(operation.allowedFrom(VolumeStatus.MAINTENANCE)).as(operation.name()).isFalse();
        }
    }

    @Test
    void attachmentApiFlowFollowsCinder() {
        assertThat(walk(AVAILABLE, VolumeOperation.ATTACHMENT_RESERVE, VolumeOperation.ATTACHMENT_CONNECT,
                VolumeOperation.ATTACHMENT_COMPLETE, VolumeOperation.ATTACHMENT_DELETE)).isEqualTo(AVAILABLE);
        assertThat(walk(AVAILABLE, VolumeOperation.ATTACHMENT_RESERVE)).isEqualTo(RESERVED);
        assertThat(VolumeOperation.ATTACHMENT_RESERVE.allowedFrom(RESERVED)).isFalse();
    }

    @Test
    void extendAndUploadOnlyFromAvailableAndReturnThere() {
        assertThat(VolumeOperation.EXTEND.from()).containsExactly(AVAILABLE);
        assertThat(walk(AVAILABLE, VolumeOperation.EXTEND, VolumeOperation.EXTENDED)).isEqualTo(AVAILABLE);
        assertThat(walk(AVAILABLE, VolumeOperation.EXTEND, VolumeOperation.EXTEND_FAILED)).isEqualTo(ERROR_EXTENDING);
        assertThat(walk(IN_USE, VolumeOperation.UPLOAD_ATTACHED, VolumeOperation.UPLOADED_ATTACHED)).isEqualTo(IN_USE);
        assertThat(VolumeOperation.UPLOAD.allowedFrom(IN_USE)).isFalse();
        assertThat(VolumeOperation.UPLOADED.to()).isEqualTo(AVAILABLE);
        assertThat(VolumeOperation.UPLOAD.to()).isEqualTo(UPLOADING);
    }

    @Test
    void transientStatusesAreLeftOnlyByTheirOwnOperations() {
        Set<VolumeOperation> leavingCreating = Arrays.stream(VolumeOperation.values())
                .filter(op -> op.allowedFrom(CREATING)).collect(Collectors.toSet());
        assertThat(leavingCreating).containsExactlyInAnyOrder(VolumeOperation.CREATED, VolumeOperation.CREATE_FAILED,
                VolumeOperation.FORCE_DELETE);
        Set<VolumeOperation> leavingAttaching = Arrays.stream(VolumeOperation.values())
                .filter(op -> op.allowedFrom(ATTACHING)).collect(Collectors.toSet());
        assertThat(leavingAttaching).containsExactlyInAnyOrder(VolumeOperation.UNRESERVE, VolumeOperation.ATTACH,
                VolumeOperation.ATTACHMENT_CONNECT, VolumeOperation.ATTACHMENT_COMPLETE,
                VolumeOperation.ATTACHMENT_DELETE, VolumeOperation.FORCE_DELETE);
    }

    @Test
    void refusalsUseCindersWording() {
        assertThat(VolumeOperation.DELETE.refusal("v", IN_USE)).startsWith(
                "Volume status must be available or error or error_extending and must not be migrating, attached, "
                        + "belong to a group, have snapshots");
        assertThat(VolumeOperation.EXTEND.refusal("v", IN_USE))
                .isEqualTo("Volume v status must be 'available' to extend, currently in-use.");
        assertThat(VolumeOperation.RESERVE.refusal("v", ERROR))
                .isEqualTo("Volume status must be available to reserve, but the status is error.");
        assertThat(VolumeOperation.UPLOAD.refusal("v", CREATING))
                .isEqualTo("Volume v status must be available, but current status is: creating.");
    }

    @Test
    void everyStatusHasItsApiSpelling() {
        for (VolumeStatus status : VolumeStatus.values()) {
            assertThat(VolumeStatus.parse(status.apiName())).contains(status);
        }
        assertThat(IN_USE.apiName()).isEqualTo("in-use");
        assertThat(VolumeStatus.ERROR_DELETING.apiName()).isEqualTo("error_deleting");
        assertThat(VolumeStatus.AWAITING_TRANSFER.apiName()).isEqualTo("awaiting-transfer");
        assertThat(VolumeStatus.MAINTENANCE.apiName()).isEqualTo("maintenance");
        assertThat(EnumSet.allOf(VolumeStatus.class)).hasSize(14);
    }

    /** Applies operations in order, failing the test at the first one that is not allowed. */
    private static VolumeStatus walk(VolumeStatus start, VolumeOperation... operations) {
        VolumeStatus status = start;
        for (VolumeOperation operation : operations) {
            assertThat(operation.allowedFrom(status)).as(operation + " from " + status).isTrue();
            status = operation.to();
        }
        return status;
    }
}
