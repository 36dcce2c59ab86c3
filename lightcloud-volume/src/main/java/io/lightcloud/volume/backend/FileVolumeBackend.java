package io.lightcloud.volume.backend;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes as qcow2 files in one directory: {@code volume-<id>.qcow2} and {@code snapshot-<id>.qcow2}. A file is
 * written under a {@code .part} name and renamed into place only when complete, so a failure or a crash never leaves
 * a half-made volume under a real name. Snapshots and clones are full {@code qemu-img convert} copies: they share
 * nothing with their source, so a snapshot stays valid whatever later happens to its volume. That costs a copy of
 * the allocated data (zeroes are skipped) per snapshot, which is the price of never managing backing chains under
 * a running guest. Like a plain {@code qemu-img convert} (cache mode {@code unsafe}), copies are not flushed to
 * disk before the volume is reported available; the kernel writes them back shortly after.
 */
public final class FileVolumeBackend implements VolumeBackend {
    private static final Logger log = LoggerFactory.getLogger(FileVolumeBackend.class);
    private static final long GIB = 1L << 30;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern PARTIAL = Pattern.compile("(volume|snapshot)-(" + ID.pattern() + ")\\.qcow2\\.part");
    private static final String QCOW2 = "qcow2";

    private final String name;
    private final Path directory;
    private final boolean shared;
    private final QemuImg qemuImg;

    /**
     * @param shared whether every host sees {@code directory} at the same path (an NFS mount), which tells the
     *        compute service that any host may open the volume
     */
    public FileVolumeBackend(String name, Path directory, boolean shared, QemuImg qemuImg) {
        this.name = requireNonNull(name, "name is null");
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
        this.shared = shared;
        this.qemuImg = requireNonNull(qemuImg, "qemuImg is null");
        if (!Files.isDirectory(this.directory) || !Files.isWritable(this.directory)) {
            throw new IllegalArgumentException("Volume backend " + name + ": " + this.directory
                    + " is not a writable directory");
        }
    }

    @Override
    public String name() {
        return name;
    }

    public Path volumePath(String volumeId) {
        return directory.resolve("volume-" + checkId(volumeId) + ".qcow2");
    }

    public Path snapshotPath(String snapshotId) {
        return directory.resolve("snapshot-" + checkId(snapshotId) + ".qcow2");
    }

    @Override
    public void createBlank(String volumeId, long sizeGb) {
        produce(volumePath(volumeId), part -> qemuImg.create(part, sizeGb * GIB));
    }

    @Override
    public void createFromImage(String volumeId, ImageSource image, long sizeGb) {
        String format = QemuImg.qemuFormat(image.diskFormat());
        if (format == null) {
            throw new BackendException("Image " + image.imageId() + " has disk format " + image.diskFormat()
                    + ", which cannot be converted to a volume");
        }
        // The inspection of the image and the creation of the empty volume are independent: both run at once.
        CompletableFuture<QemuImg.Info> inspection = CompletableFuture.supplyAsync(
                () -> qemuImg.info(image.path(), format, false), task -> {
                    Thread inspector = new Thread(task, "volume-image-inspection");
                    inspector.setDaemon(true);
                    inspector.start();
                });
        produce(volumePath(volumeId), part -> {
            qemuImg.create(part, sizeGb * GIB);
            QemuImg.Info info = await(inspection);
            if (info.backingFile() != null || info.dataFile() != null) {
                throw new BackendException("Image " + image.imageId() + " refers to another file ("
                        + (info.backingFile() != null ? info.backingFile() : info.dataFile())
                        + "); refusing to read it");
            }
            if (info.virtualSize() > sizeGb * GIB) {
                throw new BackendException("Image " + image.imageId() + " has a virtual size of " + info.virtualSize()
                        + " bytes, larger than the volume's " + sizeGb + " GiB");
            }
            qemuImg.convertInto(image.path(), format, part);
        });
    }

    private static <T> T await(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void cloneVolume(String sourceVolumeId, String volumeId, long sizeGb) {
        Path source = existing(volumePath(sourceVolumeId));
        produce(volumePath(volumeId), part -> copy(source, QCOW2, part, sizeGb));
    }

    @Override
    public void createSnapshot(String volumeId, String snapshotId, boolean attached) {
        Path source = existing(volumePath(volumeId));
        produce(snapshotPath(snapshotId), part -> qemuImg.convert(source, QCOW2, part, QCOW2, attached));
    }

    @Override
    public void createFromSnapshot(String snapshotId, String volumeId, long sizeGb) {
        Path source = existing(snapshotPath(snapshotId));
        produce(volumePath(volumeId), part -> copy(source, QCOW2, part, sizeGb));
    }

    @Override
    public void extend(String volumeId, long newSizeGb) {
        qemuImg.resize(existing(volumePath(volumeId)), newSizeGb * GIB);
    }

    @Override
    public void exportVolume(String volumeId, Path target, String diskFormat, boolean attached) {
        String format = QemuImg.qemuFormat(diskFormat);
        if (format == null || diskFormat.equals("iso")) {
            throw new BackendException("A volume cannot be exported in disk format " + diskFormat);
        }
        Path source = existing(volumePath(volumeId));
        produce(target, part -> qemuImg.convert(source, QCOW2, part, format, attached));
    }

    @Override
    public void deleteVolume(String volumeId) {
        delete(volumePath(volumeId));
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        delete(snapshotPath(snapshotId));
    }

    @Override
    public ConnectionInfo connectionInfo(String volumeId, Map<String, Object> connector) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", existing(volumePath(volumeId)).toString());
        data.put("format", QCOW2);
        data.put("shared", shared);
        data.put("backend", name);
        data.put("volume_id", volumeId);
        data.put("access_mode", "rw");
        data.put("discard", true);
        return new ConnectionInfo("file", data);
    }

    @Override
    public BackendStats stats() {
        try {
            FileStore store = Files.getFileStore(directory);
            return new BackendStats(shared ? "nfs" : "file", store.getTotalSpace() / GIB, store.getUsableSpace() / GIB);
        } catch (IOException e) {
            throw new BackendException("Cannot read the capacity of " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int removeOrphanPartials(Predicate<String> volumeExists, Predicate<String> snapshotExists) {
        int removed = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher partial = PARTIAL.matcher(file.getFileName().toString());
                if (!partial.matches()) {
                    continue;
                }
                Predicate<String> exists = partial.group(1).equals("volume") ? volumeExists : snapshotExists;
                if (!exists.test(partial.group(2)) && Files.deleteIfExists(file)) {
                    log.info("Removed the partial file of a {} that does not exist path={}", partial.group(1), file);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new BackendException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /** A new qcow2 of the volume's size holding the source's data, which may be smaller. */
    private void copy(Path source, String sourceFormat, Path part, long sizeGb) {
        qemuImg.create(part, sizeGb * GIB);
        qemuImg.convertInto(source, sourceFormat, part);
    }

    private interface FileWriter {
        void write(Path part);
    }

    private static void produce(Path target, FileWriter writer) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.deleteIfExists(part);
            writer.write(part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(part);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new BackendException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackendException(file + " does not exist");
        }
        return file;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".part"));
            if (Files.deleteIfExists(file)) {
                log.info("Deleted volume file path={}", file);
            }
        } catch (IOException e) {
            throw new BackendException("Cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot remove partial file path={} error={}", file, e.getMessage());
        }
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a volume or snapshot id: " + id);
        }
        return id;
    }
}
