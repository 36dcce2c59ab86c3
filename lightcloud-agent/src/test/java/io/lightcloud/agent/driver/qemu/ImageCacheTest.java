package io.lightcloud.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.ImageSource;
import io.lightcloud.agent.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ImageCacheTest {
    private final ProcessRunner runner = new ProcessRunner();

    @TempDir
    Path dir;

    private QemuDriverConfig config;
    private ImageCache cache;

    @BeforeEach
    void setUp() {
        config = QemuDriverConfig.defaults(dir.resolve("instances"));
        cache = new ImageCache(config, runner, JsonMapper.builder().build());
    }

    @Test
    void convertsOnceToStandaloneQcow2() throws Exception {
        Path raw = dir.resolve("image.raw");
        qemuImg("create", "-q", "-f", "raw", raw.toString(), "32M");

        ImageCache.BaseImage base = cache.ensure(new ImageSource("img-1", raw, "raw"));

        assertThat(base.path()).isEqualTo(config.baseDir().resolve("img-1"));
        assertThat(base.virtualSize()).isEqualTo(32L * 1024 * 1024);
        assertThat(qemuImg("info", "--output=json", base.path().toString())).contains("\"format\": \"qcow2\"");
        Files.setLastModifiedTime(base.path(), FileTime.fromMillis(0));
        Files.delete(raw);
        assertThat(cache.ensure(new ImageSource("img-1", raw, "raw"))).isEqualTo(base);
        assertThat(Files.getLastModifiedTime(base.path()).toMillis()).as("not converted again").isZero();
    }

    @Test
    void refusesQcow2WithBackingFile() {
        Path backing = dir.resolve("host-secret.raw");
        Path image = dir.resolve("evil.qcow2");
        qemuImg("create", "-q", "-f", "raw", backing.toString(), "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-F", "raw", "-b", backing.toString(), image.toString());

        assertThatThrownBy(() -> cache.ensure(new ImageSource("evil", image, "qcow2")))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("refers to other files");
        assertThat(config.baseDir().resolve("evil")).doesNotExist();
    }

    @Test
    void qcow2DeclaredRawIsTakenAsRawBytes() throws Exception {
        Path backing = dir.resolve("host-secret.raw");
        Path image = dir.resolve("evil.qcow2");
        qemuImg("create", "-q", "-f", "raw", backing.toString(), "8M");
        qemuImg("create", "-q", "-f", "qcow2", "-F", "raw", "-b", backing.toString(), image.toString());

        ImageCache.BaseImage base = cache.ensure(new ImageSource("evil-raw", image, "raw"));

        // The file's own bytes rounded up to a 512-byte sector, not the 8 MiB of the backing file.
        assertThat(base.virtualSize()).isBetween(Files.size(image), Files.size(image) + 511);
    }

    @Test
    void formatsThatCannotBeRootDisks() {
        assertThatThrownBy(() -> cache.ensure(new ImageSource("cd", dir.resolve("x.iso"), "iso")))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("disk format iso");
    }

    private String qemuImg(String... args) {
        List<String> argv = new ArrayList<>(List.of("qemu-img"));
        argv.addAll(List.of(args));
        return runner.run(argv, Duration.ofSeconds(30)).stdout();
    }
}
