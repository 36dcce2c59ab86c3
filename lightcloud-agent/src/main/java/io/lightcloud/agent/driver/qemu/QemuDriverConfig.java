package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings of the QEMU driver. {@code instancesDir} must be an absolute path of plain characters (it ends up in QEMU
 * option strings and in the shell command of a managed save) and short enough that {@code
 * <instancesDir>/<uuid>/qmp.sock} fits a Unix socket address (107 bytes).
 *
 * @param instancesDir where instance directories and the {@code _base} image cache live
 * @param accelMode AUTO probes KVM with a trial boot at startup
 * @param tcgCpuModel CPU model under TCG; {@code max} offers x86-64-v2 and later features modern guests require
 * @param commandTimeout limit for quick commands (qemu-img create, genisoimage, QEMU's daemonizing launch)
 * @param imageTimeout limit for converting an image into the cache
 * @param monitorTimeout limit for one QMP command, and for connecting to the monitor
 * @param detachTimeout the longest a guest gets to release a hot-unplugged device after one request; requests are
 *     sent {@code detachAttempts} times, waiting 2, 4, 6 ... seconds up to this
 * @param detachAttempts how many unplug requests a guest gets before a detach fails (Nova's libvirt driver: 8)
 * @param softRebootTimeout how long a soft reboot waits for the guest to power off before a hard reboot
 * @param saveTimeout limit for writing a suspended instance's memory to disk
 * @param firstVncDisplay lowest VNC display number (port 5900 + display) to allocate
 * @param vncDisplays how many display numbers may be allocated
 * @param hostNamespace the network namespace QEMU is started in (where the network data plane made the taps), or
 *     null for the agent's own; for several simulated hosts on one machine
 */
public record QemuDriverConfig(Path instancesDir, AccelMode accelMode, String qemuBinary, String qemuImgBinary,
        String isoBinary, String tcgCpuModel, Path kvmDevice, Duration commandTimeout, Duration imageTimeout,
        Duration monitorTimeout, Duration detachTimeout, int detachAttempts, Duration softRebootTimeout,
        Duration saveTimeout, int firstVncDisplay, int vncDisplays, String hostNamespace) {
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9/._-]*");
    private static final int MAX_SOCKET_PATH = 107;
    private static final int INSTANCE_SOCKET_SUFFIX = "/00000000-0000-0000-0000-000000000000/qmp.sock".length();

    public QemuDriverConfig {
        requireNonNull(instancesDir, "instancesDir");
        requireNonNull(accelMode, "accelMode");
        requireNonNull(qemuBinary, "qemuBinary");
        requireNonNull(qemuImgBinary, "qemuImgBinary");
        requireNonNull(isoBinary, "isoBinary");
        requireNonNull(tcgCpuModel, "tcgCpuModel");
        requireNonNull(kvmDevice, "kvmDevice");
        requireNonNull(commandTimeout, "commandTimeout");
        requireNonNull(imageTimeout, "imageTimeout");
        requireNonNull(monitorTimeout, "monitorTimeout");
        requireNonNull(detachTimeout, "detachTimeout");
        requireNonNull(softRebootTimeout, "softRebootTimeout");
        requireNonNull(saveTimeout, "saveTimeout");
        instancesDir = instancesDir.toAbsolutePath().normalize();
        if (!PLAIN_PATH.matcher(instancesDir.toString()).matches()) {
            throw new IllegalArgumentException(
                    "instances dir may only contain [A-Za-z0-9/._-]: " + instancesDir);
        }
        if (instancesDir.toString().length() + INSTANCE_SOCKET_SUFFIX > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("instances dir is too long for QMP socket paths (max "
                    + (MAX_SOCKET_PATH - INSTANCE_SOCKET_SUFFIX) + " characters): " + instancesDir);
        }
        if (detachAttempts < 1) {
            throw new IllegalArgumentException("detachAttempts must be at least 1");
        }
        if (firstVncDisplay < 0 || vncDisplays < 1 || firstVncDisplay + vncDisplays > 65535 - 5900) {
            throw new IllegalArgumentException("invalid VNC display range");
        }
    }

    public static QemuDriverConfig defaults(Path instancesDir) {
        return new QemuDriverConfig(instancesDir, AccelMode.AUTO, "qemu-system-x86_64", "qemu-img", "genisoimage",
                "max", Path.of("/dev/kvm"), Duration.ofSeconds(60), Duration.ofMinutes(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 8, Duration.ofSeconds(120), Duration.ofMinutes(10), 0, 1000, null);
    }

    public QemuDriverConfig withAccelMode(AccelMode mode) {
        return new QemuDriverConfig(instancesDir, mode, qemuBinary, qemuImgBinary, isoBinary, tcgCpuModel, kvmDevice,
                commandTimeout, imageTimeout, monitorTimeout, detachTimeout, detachAttempts, softRebootTimeout,
                saveTimeout, firstVncDisplay, vncDisplays, hostNamespace);
    }

    public QemuDriverConfig withHostNamespace(String namespace) {
        return new QemuDriverConfig(instancesDir, accelMode, qemuBinary, qemuImgBinary, isoBinary, tcgCpuModel,
                kvmDevice, commandTimeout, imageTimeout, monitorTimeout, detachTimeout, detachAttempts,
                softRebootTimeout, saveTimeout, firstVncDisplay, vncDisplays, namespace);
    }

    public QemuDriverConfig withKvmDevice(Path device) {
        return new QemuDriverConfig(instancesDir, accelMode, qemuBinary, qemuImgBinary, isoBinary, tcgCpuModel, device,
                commandTimeout, imageTimeout, monitorTimeout, detachTimeout, detachAttempts, softRebootTimeout,
                saveTimeout, firstVncDisplay, vncDisplays, hostNamespace);
    }

    public QemuDriverConfig withSoftRebootTimeout(Duration timeout) {
        return new QemuDriverConfig(instancesDir, accelMode, qemuBinary, qemuImgBinary, isoBinary, tcgCpuModel,
                kvmDevice, commandTimeout, imageTimeout, monitorTimeout, detachTimeout, detachAttempts, timeout,
                saveTimeout, firstVncDisplay, vncDisplays, hostNamespace);
    }

    public QemuDriverConfig withDetach(Duration timeout, int attempts) {
        return new QemuDriverConfig(instancesDir, accelMode, qemuBinary, qemuImgBinary, isoBinary, tcgCpuModel,
                kvmDevice, commandTimeout, imageTimeout, monitorTimeout, timeout, attempts, softRebootTimeout,
                saveTimeout, firstVncDisplay, vncDisplays, hostNamespace);
    }

    /** Where the shared image cache lives. */
    public Path baseDir() {
        return instancesDir.resolve("_base");
    }
}
