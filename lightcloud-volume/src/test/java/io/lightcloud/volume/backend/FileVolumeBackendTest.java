package io.lightcloud.volume.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file backends on real qcow2 files made by qemu-img in a temporary directory. */
class FileVolumeBackendTest {
    private static final long GIB = 1L << 30;
    private static final int OLD = 0x5a;
    private static final int NEW = 0xa5;

    @TempDir
    Path dir;

    private final QemuImg qemuImg = new QemuImg("qemu-img", Duration.ofMinutes(5));
    private FileVolumeBackend backend;

    @BeforeEach
    void setUp() throws IOException {
        backend = (FileVolumeBackend) new LocalBackendFactory(dir, qemuImg).create("local", Map.of());
    }

    @Test
    void blankVolumeIsAQcow2OfTheRequestedSize() {
        String id = id();
        backend.createBlank(id, 2);
        QemuImg.Info info = qemuImg.info(backend.volumePath(id), "qcow2", false);
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(2 * GIB);
        assertThat(backend.volumePath(id)).startsWith(dir.resolve("volumes"));
    }

    @Test
    void volumeFromARawImageHoldsTheImageDataAndTheRequestedSize() throws IOException {
        Path image = dir.resolve("image.raw");
        Files.write(image, new byte[0]);
        run("qemu-img", "create", "-q", "-f", "raw", image.toString(), "16M");
        QemuIo.write(image, "raw", OLD, 0, "1M");
        String id = id();

        backend.createFromImage(id, new VolumeBackend.ImageSource("img", image, "raw"), 1);

        assertThat(QemuIo.holds(backend.volumePath(id), "qcow2", OLD, 0, "1M")).isTrue();
        assertThat(QemuIo.holds(backend.volumePath(id), "qcow2", NEW, 0, "1M")).isFalse();
        assertThat(qemuImg.info(backend.volumePath(id), "qcow2", false).virtualSize()).isEqualTo(GIB);
    }

    @Test
    void corruptImageFailsAndLeavesNoFile() throws IOException {
        Path image = dir.resolve("corrupt.qcow2");
        Files.write(image, "QFI\u00fbthis is not really a qcow2 image".getBytes());
        String id = id();

        assertThatThrownBy(() -> backend.createFromImage(id, new VolumeBackend.ImageSource("bad", image, "qcow2"), 1))
                .isInstanceOf(BackendException.class);
        assertThat(volumeFiles()).isEmpty();
    }

    @Test
    void imageWithABackingFileIsRefused() {
        Path base = dir.resolve("host-secret.raw");
        run("qemu-img", "create", "-q", "-f", "raw", base.toString(), "1M");
        Path image = dir.resolve("overlay.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", base.toString(), image.toString());

        assertThatThrownBy(() -> backend.createFromImage(id(), new VolumeBackend.ImageSource("o", image, "qcow2"), 1))
                .isInstanceOf(BackendException.class).hasMessageContaining("refers to another file");
        assertThat(volumeFiles()).isEmpty();
    }

    @Test
    void imageLargerThanTheVolumeIsRefused() {
        Path image = dir.resolve("big.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "2G");
        assertThatThrownBy(() -> backend.createFromImage(id(), new VolumeBackend.ImageSource("b", image, "qcow2"), 1))
                .isInstanceOf(BackendException.class).hasMessageContaining("larger than");
        assertThat(volumeFiles()).isEmpty();
    }

    @Test
    void snapshotKeepsItsDataWhenTheVolumeIsWrittenAndDeleted() {
        String volume = id();
        String snapshot = id();
        backend.createBlank(volume, 1);
        QemuIo.write(backend.volumePath(volume), "qcow2", OLD, 0, "1M");

        backend.createSnapshot(volume, snapshot, false);
        QemuIo.write(backend.volumePath(volume), "qcow2", NEW, 0, "1M");

        assertThat(QemuIo.holds(backend.snapshotPath(snapshot), "qcow2", OLD, 0, "1M")).isTrue();
        backend.deleteVolume(volume);
        assertThat(backend.volumePath(volume)).doesNotExist();
        assertThat(QemuIo.holds(backend.snapshotPath(snapshot), "qcow2", OLD, 0, "1M")).isTrue();

        String restored = id();
        backend.createFromSnapshot(snapshot, restored, 3);
        assertThat(QemuIo.holds(backend.volumePath(restored), "qcow2", OLD, 0, "1M")).isTrue();
        assertThat(qemuImg.info(backend.volumePath(restored), "qcow2", false).virtualSize()).isEqualTo(3 * GIB);
    }

    @Test
    void cloneIsAnIndependentCopy() {
        String source = id();
        String clone = id();
        backend.createBlank(source, 1);
        QemuIo.write(backend.volumePath(source), "qcow2", OLD, 512 * 1024, "64k");

        backend.cloneVolume(source, clone, 2);
        QemuIo.write(backend.volumePath(source), "qcow2", NEW, 512 * 1024, "64k");

        assertThat(QemuIo.holds(backend.volumePath(clone), "qcow2", OLD, 512 * 1024, "64k")).isTrue();
        assertThat(qemuImg.info(backend.volumePath(clone), "qcow2", false).virtualSize()).isEqualTo(2 * GIB);
        assertThat(qemuImg.info(backend.volumePath(clone), "qcow2", false).backingFile()).isNull();
    }

    @Test
    void extendGrowsTheVirtualSizeAndKeepsTheData() {
        String id = id();
        backend.createBlank(id, 1);
        QemuIo.write(backend.volumePath(id), "qcow2", OLD, 0, "1M");
        backend.extend(id, 4);
        assertThat(qemuImg.info(backend.volumePath(id), "qcow2", false).virtualSize()).isEqualTo(4 * GIB);
        assertThat(QemuIo.holds(backend.volumePath(id), "qcow2", OLD, 0, "1M")).isTrue();
    }

    @Test
    void exportWritesTheVolumeInTheRequestedFormat() {
        String id = id();
        backend.createBlank(id, 1);
        QemuIo.write(backend.volumePath(id), "qcow2", OLD, 0, "1M");
        Path target = dir.resolve("export.raw");
        backend.exportVolume(id, target, "raw", false);
        assertThat(qemuImg.info(target, "raw", false).virtualSize()).isEqualTo(GIB);
        assertThat(QemuIo.holds(target, "raw", OLD, 0, "1M")).isTrue();
        assertThatThrownBy(() -> backend.exportVolume(id, dir.resolve("x.iso"), "iso", false))
                .isInstanceOf(BackendException.class);
    }

    @Test
    void deletesAreIdempotentAndMissingSourcesFail() {
        String id = id();
        backend.createBlank(id, 1);
        backend.deleteVolume(id);
        backend.deleteVolume(id);
        backend.deleteSnapshot(id());
        assertThat(volumeFiles()).isEmpty();
        assertThatThrownBy(() -> backend.cloneVolume(id, id(), 1)).isInstanceOf(BackendException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> backend.extend(id, 2)).isInstanceOf(BackendException.class);
    }

    @Test
    void idsThatAreNotUuidsCannotEscapeTheDirectory() {
        assertThatThrownBy(() -> backend.createBlank("../../etc/passwd", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectionInfoGivesQemuTheFileAndFormat() {
        String id = id();
        backend.createBlank(id, 1);
        ConnectionInfo info = backend.connectionInfo(id, Map.of("host", "compute-1"));
        assertThat(info.driverVolumeType()).isEqualTo("file");
        assertThat(info.data()).containsEntry("path", backend.volumePath(id).toString())
                .containsEntry("format", "qcow2").containsEntry("shared", false);
        assertThat(info.toMap()).containsKeys("driver_volume_type", "data");
        BackendStats stats = backend.stats();
        assertThat(stats.totalCapacityGb()).isGreaterThan(0);
        assertThat(stats.freeCapacityGb()).isBetween(0L, stats.totalCapacityGb());
    }

    @Test
    void sharedDirectoryMustExistAndIsMarkedShared() throws IOException {
        SharedDirectoryBackendFactory factory = new SharedDirectoryBackendFactory(qemuImg);
        assertThatThrownBy(() -> factory.create("nfs", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'path' is required");
        assertThatThrownBy(() -> factory.create("nfs", Map.of("path", dir.resolve("not-mounted").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        Path mount = Files.createDirectory(dir.resolve("nfs"));
        VolumeBackend shared = factory.create("nfs", Map.of("path", mount.toString()));
        String id = id();
        shared.createBlank(id, 1);
        assertThat(mount.resolve("volume-" + id + ".qcow2")).exists();
        assertThat(shared.connectionInfo(id, Map.of()).data()).containsEntry("shared", true);
        assertThat(shared.stats().storageProtocol()).isEqualTo("nfs");
    }

    @Test
    void partialFilesOfVolumesAndSnapshotsThatDoNotExistAreRemoved() throws IOException {
        String live = id();
        String orphan = id();
        String liveSnapshot = id();
        String orphanSnapshot = id();
        backend.createBlank(live, 1);
        Path volumes = dir.resolve("volumes");
        Path livePart = Files.writeString(volumes.resolve("volume-" + live + ".qcow2.part"), "being written");
        Path orphanPart = Files.writeString(volumes.resolve("volume-" + orphan + ".qcow2.part"), "lost");
        Path liveSnapshotPart = Files.writeString(volumes.resolve("snapshot-" + liveSnapshot + ".qcow2.part"), "s");
        Path orphanSnapshotPart = Files.writeString(volumes.resolve("snapshot-" + orphanSnapshot + ".qcow2.part"),
                "lost");
        Path unrelated = Files.writeString(volumes.resolve("notes.part"), "not a volume's");

        int removed = backend.removeOrphanPartials(live::equals, liveSnapshot::equals);

        assertThat(removed).isEqualTo(2);
        assertThat(orphanPart).doesNotExist();
        assertThat(orphanSnapshotPart).doesNotExist();
        assertThat(livePart).exists();
        assertThat(liveSnapshotPart).exists();
        assertThat(unrelated).exists();
        assertThat(backend.volumePath(live)).exists();
    }

    @Test
    void backendsAreBuiltFromConfigurationByDriver() {
        VolumeBackendFactory local = new LocalBackendFactory(dir, qemuImg);
        VolumeBackends backends = new VolumeBackends(List.of(local),
                Map.of("fast", Map.of("driver", "local", "path", dir.resolve("fast").toString())), "fast");
        assertThat(backends.find("fast")).isPresent();
        assertThat(backends.defaultName()).isEqualTo("fast");
        assertThatThrownBy(() -> new VolumeBackends(List.of(local), Map.of("x", Map.of("driver", "ceph")),
                "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("driver 'ceph'");
        assertThatThrownBy(() -> new VolumeBackends(List.of(local), Map.of("x", Map.of("driver", "local")),
                "y")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default volume backend");
    }

    private List<Path> volumeFiles() {
        try (var files = Files.list(dir.resolve("volumes"))) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
