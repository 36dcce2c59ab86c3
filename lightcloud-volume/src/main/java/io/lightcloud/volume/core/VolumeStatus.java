package io.lightcloud.volume.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A volume's status, spelled as Cinder spells it in the API and in the database. */
public enum VolumeStatus {
    CREATING,
    AVAILABLE,
    RESERVED,
    ATTACHING,
    IN_USE,
    DETACHING,
    DELETING,
    EXTENDING,
    UPLOADING,
    ERROR,
    ERROR_DELETING,
    ERROR_EXTENDING,
    /** Offered to another project by a volume transfer, until it is accepted or the transfer deleted. */
    AWAITING_TRANSFER,
    /** Set by an admin (os-reset_status) while the volume is serviced by hand; every operation waits for a reset. */
    MAINTENANCE;

    public String apiName() {
        return switch (this) {
            case IN_USE -> "in-use";
            case AWAITING_TRANSFER -> "awaiting-transfer";
            default -> name().toLowerCase(Locale.ROOT);
        };
    }

    public static Optional<VolumeStatus> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(text)).findFirst();
    }

    public static VolumeStatus fromDatabase(String text) {
        return parse(text).orElseThrow(() -> new IllegalStateException("Unknown volume status in database: " + text));
    }
}
