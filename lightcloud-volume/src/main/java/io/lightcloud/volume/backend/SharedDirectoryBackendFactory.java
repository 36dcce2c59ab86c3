package io.lightcloud.volume.backend;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code driver: shared-directory}: the same qcow2 layout as {@code local}, in a directory that every host mounts at
 * the same path (NFS, CephFS, GlusterFS), so any compute host can open any volume. Option {@code path} is required
 * and must already exist: creating it would write volumes onto the local disk beneath a mount that failed.
 */
public final class SharedDirectoryBackendFactory implements VolumeBackendFactory {
    private final QemuImg qemuImg;

    public SharedDirectoryBackendFactory(QemuImg qemuImg) {
        this.qemuImg = requireNonNull(qemuImg, "qemuImg is null");
    }

    @Override
    public String driver() {
        return "shared-directory";
    }

    @Override
    public VolumeBackend create(String name, Map<String, String> options) {
        String configured = options.get("path");
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("Volume backend " + name + ": option 'path' is required for driver "
                    + driver());
        }
        Path directory = Path.of(configured);
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("Volume backend " + name + ": " + directory
                    + " does not exist; mount the shared directory first");
        }
        return new FileVolumeBackend(name, directory, true, qemuImg);
    }
}
