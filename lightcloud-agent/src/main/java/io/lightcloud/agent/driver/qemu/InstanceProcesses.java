package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.protocol.PowerState;
import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QEMU process of each instance as the host sees it: its observed power state from the pid file, {@code /proc}
 * and QMP, and stopping it.
 */
final class InstanceProcesses {
    private static final Logger log = LoggerFactory.getLogger(InstanceProcesses.class);
    private static final Duration TERM_GRACE = Duration.ofSeconds(5);

    private final QemuMonitors monitors;

    InstanceProcesses(QemuMonitors monitors) {
        this.monitors = requireNonNull(monitors, "monitors");
    }

    /**
     * The observed power state. No process: SUSPENDED if a saved state exists, SHUTDOWN after a clean exit (QEMU
     * removes its pid file), CRASHED if the pid file is left behind (the process was killed or QEMU died). With a
     * process: QMP {@code query-status}; NOSTATE if the monitor does not answer.
     */
    InstanceStatus observe(InstanceLayout layout, InstanceRecord record) {
        String id = layout.instanceId();
        String name = record.spec().name();
        OptionalLong pid = QemuProcesses.livePid(layout);
        if (pid.isEmpty()) {
            monitors.close(id);
            if (Files.isRegularFile(layout.savedState())) {
                return new InstanceStatus(id, name, PowerState.SUSPENDED, pid, "memory saved to disk");
            }
            OptionalLong stale = QemuProcesses.readPid(layout.pidFile());
            if (stale.isPresent()) {
                return new InstanceStatus(id, name, PowerState.CRASHED, pid,
                        "QEMU process " + stale.getAsLong() + " ended without a clean exit");
            }
            return new InstanceStatus(id, name, PowerState.SHUTDOWN, pid, "no QEMU process");
        }
        try {
            String runState = monitors.runState(monitors.monitor(layout));
            return new InstanceStatus(id, name, powerState(runState), pid, runState);
        } catch (QmpException e) {
            return new InstanceStatus(id, name, PowerState.NOSTATE, pid, "monitor not answering: " + e.getMessage());
        }
    }

    /** Maps QMP RunState values to power states the way Nova's libvirt driver maps domain states. */
    static PowerState powerState(String runState) {
        return switch (runState) {
            case "running" -> PowerState.RUNNING;
            case "shutdown" -> PowerState.SHUTDOWN;
            case "internal-error", "io-error", "guest-panicked", "watchdog" -> PowerState.CRASHED;
            default -> PowerState.PAUSED;
        };
    }

    /** Ends the instance's QEMU process if there is one and removes its runtime files. */
    void stop(InstanceLayout layout) {
        monitors.close(layout.instanceId());
        QemuProcesses.livePid(layout).ifPresent(pid -> {
            log.info("stopping qemu instance={} pid={}", layout.instanceId(), pid);
            QemuProcesses.kill(pid, layout.instanceId(), TERM_GRACE);
        });
        clearStalePidFile(layout);
        FileTrees.deleteQuietly(layout.qmpSocket());
    }

    void clearStalePidFile(InstanceLayout layout) {
        if (QemuProcesses.livePid(layout).isEmpty()) {
            FileTrees.deleteQuietly(layout.pidFile());
        }
    }
}
