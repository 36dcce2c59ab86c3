package io.lightcloud.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lightcloud.agent.process.ProcessRunner;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuAccelProbeTest {
    private final ProcessRunner runner = new ProcessRunner();

    @TempDir
    Path dir;

    @Test
    void probeSectorRunsToTheEndUnderTcg() {
        QemuAccelProbe probe = new QemuAccelProbe(QemuDriverConfig.defaults(dir), runner);
        assertThat(probe.trialBoot(Accelerator.TCG)).isNull();
    }

    @Test
    void withoutKvmDeviceAutoChoosesTcgWithoutTrialBoot() {
        QemuDriverConfig config = QemuDriverConfig.defaults(dir).withKvmDevice(dir.resolve("no-kvm"));
        assertThat(new QemuAccelProbe(config, runner).decide()).isEqualTo(Accelerator.TCG);
    }

    @Test
    void forcedAcceleratorIsNotProbed() {
        QemuDriverConfig config = QemuDriverConfig.defaults(dir).withKvmDevice(dir.resolve("no-kvm"));
        assertThat(new QemuAccelProbe(config.withAccelMode(AccelMode.KVM), runner).decide())
                .isEqualTo(Accelerator.KVM);
        assertThat(new QemuAccelProbe(config.withAccelMode(AccelMode.TCG), runner).decide())
                .isEqualTo(Accelerator.TCG);
    }

    @Test
    void probeSectorIsBuiltFromItsSource() throws Exception {
        assumeTrue(onPath("as") && onPath("ld"), "binutils not installed");
        Path source = dir.resolve("kvm-probe.S");
        try (InputStream in = QemuAccelProbe.class.getResourceAsStream("kvm-probe.S")) {
            Files.write(source, in.readAllBytes());
        }
        runner.run(List.of("as", "--32", "-o", dir.resolve("p.o").toString(), source.toString()),
                Duration.ofSeconds(30));
        runner.run(List.of("ld", "-m", "elf_i386", "-e", "0", "-Ttext", "0", "--oformat", "binary", "-o",
                dir.resolve("p.bin").toString(), dir.resolve("p.o").toString()), Duration.ofSeconds(30));
        try (InputStream in = QemuAccelProbe.class.getResourceAsStream("kvm-probe.bin")) {
            assertThat(Files.readAllBytes(dir.resolve("p.bin"))).isEqualTo(in.readAllBytes());
        }
    }

    private static boolean onPath(String program) {
        return List.of(System.getenv("PATH").split(":")).stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
