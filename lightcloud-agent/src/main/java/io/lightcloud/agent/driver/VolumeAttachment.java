package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A volume to give the guest as a virtio disk whose serial is the volume id (as Nova does, so the guest finds it
 * under {@code /dev/disk/by-id/virtio-<first 20 characters>}). {@code path} is a file or block device on this host.
 * {@code boot}: the server boots from this volume (Nova's {@code boot_index} 0); it is its root disk.
 */
public record VolumeAttachment(String volumeId, Path path, String format, boolean readOnly, boolean boot) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final Set<String> FORMATS = Set.of("raw", "qcow2");

    public VolumeAttachment {
        requireNonNull(volumeId, "volumeId");
        requireNonNull(path, "path");
        requireNonNull(format, "format");
        if (!ID.matcher(volumeId).matches()) {
            throw new IllegalArgumentException("volume id must be 1-64 characters of [A-Za-z0-9-]: " + volumeId);
        }
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("volume format must be raw or qcow2: " + format);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("volume path must be absolute: " + path);
        }
    }

    /** A data volume (not the boot disk). */
    public VolumeAttachment(String volumeId, Path path, String format, boolean readOnly) {
        this(volumeId, path, format, readOnly, false);
    }
}
