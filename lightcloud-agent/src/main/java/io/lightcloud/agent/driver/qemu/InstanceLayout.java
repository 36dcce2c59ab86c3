package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** The files of one instance, all inside {@code <instancesDir>/<uuid>/} so that deleting the directory removes all. */
public record InstanceLayout(String instanceId, Path dir) {
    public InstanceLayout {
        requireNonNull(instanceId, "instanceId");
        requireNonNull(dir, "dir");
    }

    /** The root disk: a qcow2 overlay on the cached base image. */
    public Path disk() {
        return dir.resolve("disk");
    }

    public Path configDrive() {
        return dir.resolve("config.iso");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** The previous console log, kept once when the log is rotated at a start. */
    public Path previousConsoleLog() {
        return dir.resolve("console.log.0");
    }

    public Path qmpSocket() {
        return dir.resolve("qmp.sock");
    }

    public Path pidFile() {
        return dir.resolve("qemu.pid");
    }

    /** QEMU's own messages after it daemonized (its stderr, through {@code -D}). */
    public Path qemuLog() {
        return dir.resolve("qemu.log");
    }

    /** The driver's record of the instance; written before QEMU first starts, so it marks a complete instance. */
    public Path record() {
        return dir.resolve("instance.json");
    }

    /** Guest memory and device state of a suspended instance. */
    public Path savedState() {
        return dir.resolve("managed-save");
    }
}
