package io.lightcloud.image.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.image.core.DiskFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Inspection of real image files made with qemu-img and genisoimage. */
class ImageInspectorTest {
    private static final long GIB = 1L << 30;

    private final ImageInspector inspector = new ImageInspector("qemu-img", Duration.ofSeconds(30),
            JsonMapper.builder().build());

    @TempDir
    Path dir;

    @Test
    void acceptsAQcow2AndReportsItsVirtualSize() throws Exception {
        Path image = qcow2("disk.qcow2", "64M");
        ImageInspector.Inspection inspection = inspector.inspect(image, DiskFormat.QCOW2, GIB);
        assertThat(inspection.format()).isEqualTo("qcow2");
        assertThat(inspection.virtualSize()).isEqualTo(64L << 20);
    }

    @Test
    void refusesAQcow2WithABackingFile() throws Exception {
        Path image = qcow2("backed.qcow2", "1M", "-b", "/etc/passwd", "-F", "raw");
        assertRejected(image, DiskFormat.QCOW2, "backing file");
    }

    @Test
    void refusesAQcow2WithAnExternalDataFile() throws Exception {
        Path image = qcow2("external.qcow2", "1M", "-o", "data_file=" + dir.resolve("data.raw"));
        assertRejected(image, DiskFormat.QCOW2, "external data file");
    }

    @Test
    void refusesRawDataDeclaredAsQcow2() throws Exception {
        Path raw = dir.resolve("renamed.qcow2");
        Files.write(raw, randomBytes(1 << 20));
        assertRejected(raw, DiskFormat.QCOW2, "qemu-img detects raw");
    }

    @Test
    void refusesAQcow2DeclaredAsRaw() throws Exception {
        Path image = qcow2("disk.img", "8M");
        assertRejected(image, DiskFormat.RAW, "qemu-img detects qcow2");
    }

    @Test
    void refusesAVirtualSizeOverTheLimit() throws Exception {
        Path image = qcow2("huge.qcow2", "2T");
        assertThat(Files.size(image)).isLessThan(1 << 20);
        assertThatThrownBy(() -> inspector.inspect(image, DiskFormat.QCOW2, GIB))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining("virtual size").hasMessageContaining(String.valueOf(2L << 40));
    }

    @Test
    void acceptsRawDataAsRaw() throws Exception {
        Path raw = dir.resolve("disk.raw");
        Files.write(raw, randomBytes(3 << 20));
        assertThat(inspector.inspect(raw, DiskFormat.RAW, GIB).virtualSize()).isEqualTo(3 << 20);
    }

    @Test
    void acceptsAnIsoAndRefusesRawDataDeclaredAsIso() throws Exception {
        Path content = Files.createDirectories(dir.resolve("iso-content"));
        Files.writeString(content.resolve("hello.txt"), "hello");
        Path iso = make(dir.resolve("cd.iso"), "genisoimage", "-quiet", "-o", dir.resolve("cd.iso").toString(),
                "-V", "config-2", "-r", content.toString());
        assertThat(inspector.inspect(iso, DiskFormat.ISO, GIB).virtualSize()).isEqualTo(Files.size(iso));

        Path raw = dir.resolve("not.iso");
        Files.write(raw, new byte[64 * 1024]);
        assertRejected(raw, DiskFormat.ISO, "CD001");
    }

    @Test
    void acceptsASelfContainedVmdkAndRefusesADescriptorWithSeparateExtents() throws Exception {
        Path sparse = make(dir.resolve("sparse.vmdk"), "qemu-img", "create", "-f", "vmdk",
                dir.resolve("sparse.vmdk").toString(), "16M");
        assertThat(inspector.inspect(sparse, DiskFormat.VMDK, GIB).format()).isEqualTo("vmdk");

        Path flat = make(dir.resolve("flat.vmdk"), "qemu-img", "create", "-f", "vmdk", "-o",
                "subformat=monolithicFlat", dir.resolve("flat.vmdk").toString(), "16M");
        assertRejected(flat, DiskFormat.VMDK, "descriptor");
    }

    @Test
    void refusesDataQemuImgCannotRead() throws Exception {
        byte[] header = Files.readAllBytes(qcow2("source.qcow2", "1M"));
        Path broken = Files.write(dir.resolve("truncated.qcow2"), Arrays.copyOf(header, 100));
        assertThatThrownBy(() -> inspector.inspect(broken, DiskFormat.QCOW2, GIB))
                .isInstanceOf(ImageRejectedException.class);
    }

    private void assertRejected(Path image, DiskFormat declared, String reason) {
        assertThatThrownBy(() -> inspector.inspect(image, declared, GIB))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining(reason);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** Runs a command that must succeed in making {@code made}, and returns it. */
    private static Path make(Path made, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(output)).isZero();
        assertThat(made).isRegularFile();
        return made;
    }

    private Path qcow2(String name, String size, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-f", "qcow2"));
        command.addAll(List.of(options));
        command.addAll(List.of(dir.resolve(name).toString(), size));
        return make(dir.resolve(name), command.toArray(String[]::new));
    }
}
