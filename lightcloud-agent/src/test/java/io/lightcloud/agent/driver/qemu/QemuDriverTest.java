package io.lightcloud.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.HostInfo;
import io.lightcloud.agent.driver.ImageSource;
import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceNotFoundException;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.InvalidInstanceStateException;
import io.lightcloud.agent.driver.RebootType;
import io.lightcloud.agent.driver.VncEndpoint;
import io.lightcloud.agent.driver.VolumeAttachment;
import io.lightcloud.agent.process.ProcessRunner;
import io.lightcloud.agent.protocol.PowerState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots real VMs of the Lightcloud test image ({@code test-image/build.sh}) through the driver and checks what the
 * guest sees on its serial console. The VMs run under TCG: this machine has {@code /dev/kvm}, but nested KVM stops
 * guests with "KVM internal error ... emulation failure", so the tests force TCG rather than depend on the probe.
 * One VM is reused across several steps where that keeps each check meaningful (a boot is ~5-8 s under TCG).
 */
class QemuDriverTest {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration HOTPLUG = Duration.ofSeconds(30);
    private static final int MEMORY_MB = 256;

    private static Path image;

    @TempDir
    static Path work;

    private QemuDriver driver;
    private final List<String> instances = new ArrayList<>();

    @BeforeAll
    static void buildImage() {
        image = TestImage.path();
    }

    @BeforeEach
    void startDriver() {
        driver = newDriver();
    }

    @AfterEach
    void destroyInstances() {
        try {
            for (String id : instances) {
                driver.destroy(id);
            }
        } finally {
            driver.close();
        }
    }

    @Test
    void lifecycleOfOneInstance() throws Exception {
        String userData = "#!/bin/sh\necho hello-from-user-data\n";
        InstanceSpec spec = spec("lifecycle vm", InstanceMetadata.of("lc-lifecycle")
                .withUserData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8))), true);
        GuestConsole console = new GuestConsole(driver, spec.instanceId());

        InstanceStatus spawned = driver.spawn(spec);
        assertThat(spawned.powerState()).isEqualTo(PowerState.RUNNING);
        Map<String, String> marker = console.awaitBoot(0, BOOT);
        assertThat(marker).containsEntry("hostname", "lc-lifecycle")
                .containsEntry("instance_id", spec.instanceId())
                .containsEntry("source", "configdrive")
                .containsEntry("ips", "none")
                // 1 GB root overlay on the 64 MiB image, in 512-byte sectors; the cdrom is not listed.
                .containsEntry("disks", "vda:2097152");
        assertThat(Long.parseLong(marker.get("mem_kb"))).isBetween(MEMORY_MB * 1024L * 3 / 4, MEMORY_MB * 1024L);
        console.awaitLine("hello-from-user-data", Duration.ofSeconds(10));
        console.awaitLine("LIGHTCLOUD-USERDATA rc=0", Duration.ofSeconds(10));

        assertThat(driver.spawn(spec).pid()).as("spawning a running instance changes nothing")
                .isEqualTo(spawned.pid());
        assertThat(driver.list()).filteredOn(s -> s.instanceId().equals(spec.instanceId())).singleElement()
                .satisfies(s -> assertThat(s.powerState()).isEqualTo(PowerState.RUNNING));
        VncEndpoint spawnedVnc = driver.vncEndpoint(spec.instanceId());
        assertVncListensOnLoopbackOnly(spawnedVnc);

        driver.pause(spec.instanceId());
        assertThat(driver.state(spec.instanceId()).powerState()).isEqualTo(PowerState.PAUSED);
        driver.pause(spec.instanceId());
        driver.unpause(spec.instanceId());
        assertThat(driver.state(spec.instanceId()).powerState()).isEqualTo(PowerState.RUNNING);

        VolumeAttachment volume = newVolume();
        int before = console.markers().size();
        driver.attachVolume(spec.instanceId(), volume);
        driver.attachVolume(spec.instanceId(), volume);
        assertThat(console.awaitMarker(before, m -> m.get("disks").contains("vdb:"), HOTPLUG))
                .containsEntry("disks", "vda:2097152,vdb:2097152");
        before = console.markers().size();
        driver.detachVolume(spec.instanceId(), volume.volumeId());
        driver.detachVolume(spec.instanceId(), volume.volumeId());
        assertThat(console.awaitMarker(before, m -> true, HOTPLUG)).containsEntry("disks", "vda:2097152");

        long boots = console.boots();
        driver.reboot(spec.instanceId(), RebootType.HARD);
        InstanceStatus rebooted = driver.state(spec.instanceId());
        assertThat(rebooted.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(rebooted.pid()).isNotEqualTo(spawned.pid());
        assertThat(console.awaitBoot(boots, BOOT)).containsEntry("hostname", "lc-lifecycle");

        boots = console.boots();
        long acpiBefore = acpiPowerOffs(console);
        driver.reboot(spec.instanceId(), RebootType.SOFT);
        assertThat(acpiPowerOffs(console)).as("soft reboot shuts the guest down through ACPI")
                .isEqualTo(acpiBefore + 1);
        console.awaitBoot(boots, BOOT);

        boots = console.boots();
        long start = System.nanoTime();
        driver.powerOff(spec.instanceId(), Duration.ofSeconds(60));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the guest powered off by itself")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(acpiPowerOffs(console)).isEqualTo(acpiBefore + 2);
        assertThat(driver.state(spec.instanceId()).powerState()).isEqualTo(PowerState.SHUTDOWN);
        assertThat(qemuProcessesOf(spec.instanceId())).isEmpty();
        driver.powerOff(spec.instanceId(), Duration.ofSeconds(60));
        assertThatThrownBy(() -> driver.vncEndpoint(spec.instanceId()))
                .isInstanceOf(InvalidInstanceStateException.class);
        assertThatThrownBy(() -> driver.pause(spec.instanceId())).isInstanceOf(InvalidInstanceStateException.class);

        // Attached while stopped: the volume is on the command line of the next start. Meanwhile something else
        // took the VNC port, so the instance moves to another display.
        driver.attachVolume(spec.instanceId(), volume);
        try (ServerSocket squatter = new ServerSocket(spawnedVnc.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            driver.powerOn(spec.withVolumes(List.of(volume)));
            assertThat(driver.vncEndpoint(spec.instanceId()).port()).isNotEqualTo(spawnedVnc.port());
        }
        assertThat(driver.state(spec.instanceId()).powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(console.awaitBoot(boots, BOOT)).containsEntry("instance_id", spec.instanceId())
                .containsEntry("disks", "vda:2097152,vdb:2097152");

        long pid = driver.state(spec.instanceId()).pid().orElseThrow();
        new ProcessRunner().run(List.of("kill", "-9", Long.toString(pid)), Duration.ofSeconds(5));
        awaitState(spec.instanceId(), PowerState.CRASHED, Duration.ofSeconds(3));
        assertThat(driver.spawn(spec).powerState()).as("spawn starts a crashed instance again")
                .isEqualTo(PowerState.RUNNING);

        driver.destroy(spec.instanceId());
        assertThat(work.resolve("instances").resolve(spec.instanceId())).doesNotExist();
        assertThat(qemuProcessesOf(spec.instanceId())).isEmpty();
        assertThatThrownBy(() -> driver.state(spec.instanceId())).isInstanceOf(InstanceNotFoundException.class);
        driver.destroy(spec.instanceId());
    }

    @Test
    void restartedAgentAdoptsRunningInstanceAndSuspendsAndResumesIt() {
        InstanceSpec spec = spec("adopted vm", InstanceMetadata.of("unused"), false);
        InstanceStatus spawned = driver.spawn(spec);
        GuestConsole console = new GuestConsole(driver, spec.instanceId());
        assertThat(console.awaitBoot(0, BOOT)).containsEntry("source", "none")
                .containsEntry("hostname", "lightcloud-test");
        VncEndpoint vnc = driver.vncEndpoint(spec.instanceId());

        // An agent restart: the old driver's monitor connections go away with it, the VM keeps running.
        driver.close();
        driver = newDriver();
        console = new GuestConsole(driver, spec.instanceId());
        assertThat(driver.adoptExisting()).filteredOn(s -> s.instanceId().equals(spec.instanceId()))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.powerState()).isEqualTo(PowerState.RUNNING);
                    assertThat(s.pid()).isEqualTo(spawned.pid());
                });
        assertThat(driver.vncEndpoint(spec.instanceId())).isEqualTo(vnc);

        // A volume hot-plugged through the adopted monitor; the saved state then includes its device, so the
        // restore only works if the restarted QEMU has the same device at the same PCI address.
        VolumeAttachment volume = newVolume();
        driver.attachVolume(spec.instanceId(), volume);
        assertThat(console.awaitMarker(1, m -> m.get("disks").contains("vdb:"), HOTPLUG)).containsEntry("seq", "2");

        driver.suspend(spec.instanceId());
        assertThat(driver.state(spec.instanceId()).powerState()).isEqualTo(PowerState.SUSPENDED);
        assertThat(qemuProcessesOf(spec.instanceId())).isEmpty();
        assertThat(work.resolve("instances").resolve(spec.instanceId()).resolve("managed-save")).isRegularFile();
        assertThatThrownBy(() -> driver.attachVolume(spec.instanceId(), newVolume()))
                .isInstanceOf(InvalidInstanceStateException.class);
        driver.suspend(spec.instanceId());

        driver.resume(spec.instanceId());
        InstanceStatus resumed = driver.state(spec.instanceId());
        assertThat(resumed.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(resumed.pid()).isNotEqualTo(spawned.pid());
        assertThat(work.resolve("instances").resolve(spec.instanceId()).resolve("managed-save")).doesNotExist();
        // The restored guest carries on where it was: its next marker continues the sequence, no new boot.
        driver.detachVolume(spec.instanceId(), volume.volumeId());
        assertThat(console.awaitMarker(2, m -> true, HOTPLUG)).containsEntry("seq", "3")
                .containsEntry("disks", "vda:2097152");
        assertThat(console.boots()).isEqualTo(1);

        driver.destroy(spec.instanceId());
        assertThat(qemuProcessesOf(spec.instanceId())).isEmpty();
        assertThat(work.resolve("instances").resolve(spec.instanceId())).doesNotExist();
    }

    @Test
    void spawnOfCorruptImageFailsAndLeavesNothing() throws IOException {
        Path corrupt = work.resolve("corrupt.qcow2");
        byte[] junk = new byte[1024 * 1024];
        new Random(42).nextBytes(junk);
        Files.write(corrupt, junk);
        String imageId = "corrupt-" + UUID.randomUUID();
        InstanceSpec spec = new InstanceSpec(UUID.randomUUID().toString(), "corrupt", 1, MEMORY_MB, 1,
                new ImageSource(imageId, corrupt, "qcow2"), InstanceMetadata.of("corrupt"), true, List.of(),
                List.of());
        instances.add(spec.instanceId());

        assertThatThrownBy(() -> driver.spawn(spec)).isInstanceOf(DriverException.class)
                .hasMessageContaining("qcow2");

        assertNothingLeftOf(spec.instanceId());
        try (Stream<Path> base = Files.list(work.resolve("instances/_base"))) {
            assertThat(base.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(imageId));
        }
    }

    @Test
    void failedQemuStartRemovesOverlayAndConfigDrive() {
        VolumeAttachment missing = new VolumeAttachment(UUID.randomUUID().toString(),
                work.resolve("no-such-volume.qcow2"), "qcow2", false);
        InstanceSpec spec = spec("broken vm", InstanceMetadata.of("broken"), true).withVolumes(List.of(missing));

        assertThatThrownBy(() -> driver.spawn(spec)).isInstanceOf(DriverException.class)
                .hasMessageContaining("QEMU failed to start")
                .hasMessageContaining("no-such-volume.qcow2");

        assertNothingLeftOf(spec.instanceId());
    }

    @Test
    void hostInfo() {
        HostInfo host = driver.hostInfo();
        assertThat(host.hostname()).isNotBlank();
        assertThat(host.vcpus()).isPositive();
        assertThat(host.memoryMb()).isPositive();
        assertThat(host.diskFreeGb()).isNotNegative();
        assertThat(host.cpuModel()).isNotBlank();
        assertThat(host.hypervisorType()).isEqualTo("qemu");
        assertThat(host.hypervisorVersion()).matches("\\d+\\.\\d+(\\.\\d+)?");
    }

    @Test
    void unknownInstances() {
        String id = UUID.randomUUID().toString();
        driver.destroy(id);
        assertThatThrownBy(() -> driver.state(id)).isInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> driver.powerOff(id, Duration.ZERO)).isInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() -> driver.consoleLog(id, 100)).isInstanceOf(InstanceNotFoundException.class);
        assertThat(driver.list()).noneMatch(s -> s.instanceId().equals(id));
        assertThatThrownBy(() -> driver.destroy("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    private QemuDriver newDriver() {
        return new QemuDriver(QemuDriverConfig.defaults(work.resolve("instances")).withAccelMode(AccelMode.TCG)
                .withSoftRebootTimeout(Duration.ofSeconds(30)), new ProcessRunner());
    }

    private InstanceSpec spec(String name, InstanceMetadata metadata, boolean configDrive) {
        String id = UUID.randomUUID().toString();
        instances.add(id);
        return new InstanceSpec(id, name, 1, MEMORY_MB, 1, new ImageSource("lightcloud-test", image, "qcow2"),
                metadata, configDrive, List.of(), List.of());
    }

    private VolumeAttachment newVolume() {
        String id = UUID.randomUUID().toString();
        Path file = work.resolve("volume-" + id + ".qcow2");
        new ProcessRunner().run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "1G"),
                Duration.ofSeconds(30));
        return new VolumeAttachment(id, file, "qcow2", false);
    }

    private void assertNothingLeftOf(String instanceId) {
        assertThat(work.resolve("instances").resolve(instanceId)).doesNotExist();
        assertThat(qemuProcessesOf(instanceId)).isEmpty();
        assertThat(driver.list()).noneMatch(s -> s.instanceId().equals(instanceId));
        try (Stream<Path> base = Files.list(work.resolve("instances/_base"))) {
            assertThat(base.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitState(String instanceId, PowerState wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (driver.state(instanceId).powerState() != wanted) {
            if (System.nanoTime() - deadline >= 0) {
                assertThat(driver.state(instanceId).powerState()).isEqualTo(wanted);
            }
            QemuProcesses.sleep(Duration.ofMillis(100));
        }
    }

    private static long acpiPowerOffs(GuestConsole console) {
        return console.lines().stream().filter(l -> l.contains("lightcloud: ACPI power button, powering off")).count();
    }

    /** QEMU processes whose command line names the instance, as {@code ps} shows them. */
    private static List<String> qemuProcessesOf(String instanceId) {
        String ps = new ProcessRunner().run(List.of("ps", "-eo", "pid,args"), Duration.ofSeconds(10)).stdout();
        return ps.lines().filter(line -> line.contains("qemu-system") && line.contains(instanceId)).toList();
    }

    /** The VNC server answers on 127.0.0.1 and its port is bound to no other address. */
    private static void assertVncListensOnLoopbackOnly(VncEndpoint vnc) throws IOException {
        assertThat(vnc.host()).isEqualTo("127.0.0.1");
        try (Socket socket = new Socket(vnc.host(), vnc.port()); InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(5000);
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).startsWith("RFB 003.");
        }
        String portHex = String.format(":%04X", vnc.port());
        List<String> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.strip().split("\\s+");
                // local_address is field 1, state 0A is LISTEN
                if (fields.length > 3 && fields[1].endsWith(portHex) && fields[3].equals("0A")) {
                    listeners.add(fields[1]);
                }
            }
        }
        assertThat(listeners).containsExactly("0100007F" + portHex);
    }
}
