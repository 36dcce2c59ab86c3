package io.lightcloud.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.ImageSource;
import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.VolumeAttachment;
import io.lightcloud.agent.process.ProcessRunner;
import io.lightcloud.agent.protocol.PowerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real QEMU whose guest never releases a hot-unplugged volume: it has no operating system, only the firmware,
 * which does not answer an eject request. The driver asks as often as configured, then fails the detach with a
 * clear message and keeps the volume attached.
 */
class QemuDriverDetachRetryTest {
    @TempDir
    static Path work;

    @Test
    void aVolumeTheGuestNeverReleasesStaysAttachedAfterTheLastRequest() {
        ProcessRunner runner = new ProcessRunner();
        Path blank = work.resolve("blank.qcow2");
        runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", blank.toString(), "64M"), Duration.ofSeconds(30));
        Path volumeFile = work.resolve("volume.qcow2");
        runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", volumeFile.toString(), "64M"),
                Duration.ofSeconds(30));
        QemuDriver driver = new QemuDriver(QemuDriverConfig.defaults(work.resolve("instances"))
                .withAccelMode(AccelMode.TCG).withDetach(Duration.ofMillis(700), 3), runner);
        String id = UUID.randomUUID().toString();
        try {
            InstanceSpec spec = new InstanceSpec(id, "no-os", 1, 128, 1, new ImageSource("blank", blank, "qcow2"),
                    InstanceMetadata.of("no-os"), false, List.of(), List.of());
            assertThat(driver.spawn(spec).powerState()).isEqualTo(PowerState.RUNNING);
            VolumeAttachment volume = new VolumeAttachment(UUID.randomUUID().toString(), volumeFile, "qcow2", false);
            driver.attachVolume(id, volume);

            assertThatThrownBy(() -> driver.detachVolume(id, volume.volumeId()))
                    .isInstanceOf(DriverException.class)
                    .hasMessageContaining("the guest did not release volume " + volume.volumeId())
                    .hasMessageContaining("after 3 unplug requests");
            assertThat(driver.state(id).powerState()).isEqualTo(PowerState.RUNNING);
            assertThatThrownBy(() -> driver.detachVolume(id, volume.volumeId()))
                    .as("the volume is still attached, so a second detach tries again")
                    .isInstanceOf(DriverException.class).hasMessageContaining("did not release");
        } finally {
            driver.destroy(id);
            driver.close();
        }
    }
}
