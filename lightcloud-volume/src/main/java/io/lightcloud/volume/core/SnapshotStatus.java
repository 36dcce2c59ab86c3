package io.lightcloud.volume.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A snapshot's status as Cinder spells it. */
public enum SnapshotStatus {
    CREATING,
    AVAILABLE,
    DELETING,
    ERROR,
    ERROR_DELETING;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SnapshotStatus> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(text)).findFirst();
    }
}
