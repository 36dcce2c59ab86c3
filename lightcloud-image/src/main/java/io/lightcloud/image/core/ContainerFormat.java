package io.lightcloud.image.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Glance's container formats: whether the disk data is bare or wrapped in an envelope such as OVF. */
public enum ContainerFormat {
    AMI, ARI, AKI, BARE, OVF, OVA, DOCKER, COMPRESSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ContainerFormat> fromWire(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ContainerFormat::wireName).toList();
    }
}
