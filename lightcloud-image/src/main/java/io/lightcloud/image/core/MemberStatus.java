package io.lightcloud.image.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A member project's answer to an image shared with it; only accepted shares appear in its image list. */
public enum MemberStatus {
    PENDING, ACCEPTED, REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MemberStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
