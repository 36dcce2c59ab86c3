package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.process.CommandException;
import io.lightcloud.agent.process.CommandResult;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the accelerator. {@code /dev/kvm} existing is not enough: under nested virtualization KVM may initialize
 * and then stop the guest with "KVM internal error ... emulation failure" once it runs protected-mode code. So AUTO
 * boots a 512-byte sector ({@code kvm-probe.S}) under KVM that exercises exactly that and exits QEMU through the
 * isa-debug-exit device; KVM is used only if that trial boot finishes.
 */
public class QemuAccelProbe {
    private static final Logger log = LoggerFactory.getLogger(QemuAccelProbe.class);
    /** isa-debug-exit turns the value 1 written by the probe into exit status (1 << 1) | 1. */
    private static final int PROBE_SUCCESS_STATUS = 3;
    /** A working KVM finishes in well under 100 ms; the margin is for a host busy starting many things. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final QemuDriverConfig config;
    private final ProcessRunner runner;

    public QemuAccelProbe(QemuDriverConfig config, ProcessRunner runner) {
        this.config = requireNonNull(config, "config");
        this.runner = requireNonNull(runner, "runner");
    }

    public Accelerator decide() {
        switch (config.accelMode()) {
            case KVM -> {
                log.info("accelerator chosen accel=kvm reason=forced-by-configuration");
                return Accelerator.KVM;
            }
            case TCG -> {
                log.info("accelerator chosen accel=tcg reason=forced-by-configuration");
                return Accelerator.TCG;
            }
            default -> {
                Path device = config.kvmDevice();
                if (!Files.isReadable(device) || !Files.isWritable(device)) {
                    log.info("accelerator chosen accel=tcg reason=no-usable-kvm-device device={}", device);
                    return Accelerator.TCG;
                }
                String failure = trialBoot(Accelerator.KVM);
                if (failure == null) {
                    log.info("accelerator chosen accel=kvm reason=kvm-trial-boot-succeeded");
                    return Accelerator.KVM;
                }
                log.warn("accelerator chosen accel=tcg reason=kvm-trial-boot-failed detail=\"{}\"", failure);
                return Accelerator.TCG;
            }
        }
    }

    /** Boots the probe sector under the accelerator; null if it ran to the end, else why not. */
    public String trialBoot(Accelerator accelerator) {
        Path disk = null;
        try {
            disk = Files.createTempFile("lightcloud-kvm-probe", ".img");
            try (InputStream sector = QemuAccelProbe.class.getResourceAsStream("kvm-probe.bin")) {
                if (sector == null) {
                    throw new DriverException("kvm-probe.bin is missing from the driver's resources");
                }
                Files.write(disk, sector.readAllBytes());
            }
            CommandResult result = runner.runAllowingFailure(List.of(config.qemuBinary(),
                    "-machine", "pc,accel=" + accelerator.qemuName(), "-nodefaults", "-no-user-config",
                    "-display", "none", "-m", "16",
                    "-drive", "file=" + disk + ",format=raw,if=ide",
                    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"), PROBE_TIMEOUT);
            if (result.exitCode() == PROBE_SUCCESS_STATUS) {
                return null;
            }
            return "QEMU exited with status " + result.exitCode() + ": " + firstLines(result.stderr());
        } catch (CommandException e) {
            return "trial boot did not finish within " + PROBE_TIMEOUT.toSeconds() + " s: " + firstLines(e.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the KVM probe disk", e);
        } finally {
            if (disk != null) {
                try {
                    Files.deleteIfExists(disk);
                } catch (IOException e) {
                    log.debug("cannot delete probe disk {}: {}", disk, e.getMessage());
                }
            }
        }
    }

    private static String firstLines(String text) {
        List<String> lines = text.strip().lines().filter(line -> !line.contains(": warning: ")).limit(2).toList();
        return lines.isEmpty() ? "(no output)" : String.join(" | ", lines);
    }
}
