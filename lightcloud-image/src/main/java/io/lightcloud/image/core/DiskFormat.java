package io.lightcloud.image.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Glance's disk formats and the format {@code qemu-img} must detect in the data for each: an upload whose real
 * format differs from the declared one is refused. AMI-style kernels, ramdisks and machine images are plain data.
 */
public enum DiskFormat {
    AMI("raw"), ARI("raw"), AKI("raw"), VHD("vpc"), VHDX("vhdx"), VMDK("vmdk"), RAW("raw"), QCOW2("qcow2"),
    VDI("vdi"), ISO("raw"), PLOOP("parallels");

    private final String qemuFormat;

    DiskFormat(String qemuFormat) {
        this.qemuFormat = qemuFormat;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format name {@code qemu-img info} reports for data of this format. */
    public String qemuFormat() {
        return qemuFormat;
    }

    public static Optional<DiskFormat> fromWire(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(DiskFormat::wireName).toList();
    }
}
