package io.lightcloud.volume.backend;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code driver: local}: qcow2 files on this controller's disk, by default under {@code <data-dir>/volumes}. Only
 * this host can open them. Option {@code path} moves them elsewhere.
 */
public final class LocalBackendFactory implements VolumeBackendFactory {
    private final Path dataDir;
    private final QemuImg qemuImg;

    public LocalBackendFactory(Path dataDir, QemuImg qemuImg) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.qemuImg = requireNonNull(qemuImg, "qemuImg is null");
    }

    @Override
    public String driver() {
        return "local";
    }

    @Override
    public VolumeBackend create(String name, Map<String, String> options) {
        String configured = options.get("path");
        Path directory = configured == null || configured.isBlank() ? dataDir.resolve("volumes") : Path.of(configured);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the volume directory " + directory, e);
        }
        return new FileVolumeBackend(name, directory, false, qemuImg);
    }
}
