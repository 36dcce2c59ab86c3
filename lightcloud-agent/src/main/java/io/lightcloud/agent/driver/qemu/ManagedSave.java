package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.protocol.PowerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Suspend and resume ("managed save"): the guest's memory is written to {@code managed-save} in the instance
 * directory and QEMU stops; the next start restores it instead of booting.
 */
final class ManagedSave {
    private static final Logger log = LoggerFactory.getLogger(ManagedSave.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final QemuDriverConfig config;
    private final QemuMonitors monitors;
    private final InstanceProcesses processes;

    ManagedSave(QemuDriverConfig config, QemuMonitors monitors, InstanceProcesses processes) {
        this.config = requireNonNull(config, "config");
        this.monitors = requireNonNull(monitors, "monitors");
        this.processes = requireNonNull(processes, "processes");
    }

    /**
     * Stops the vCPUs, streams the state through QMP {@code migrate} into a file (QEMU 7.2 has no {@code file:} URI,
     * hence {@code exec:cat}), renames it into place only when complete, then stops QEMU.
     */
    void save(InstanceLayout layout, InstanceStatus status) {
        String id = layout.instanceId();
        long start = System.nanoTime();
        Path tmp = layout.dir().resolve(".managed-save.tmp");
        QmpClient qmp = monitors.monitor(layout);
        boolean wasRunning = status.powerState() == PowerState.RUNNING;
        try {
            if (wasRunning) {
                qmp.execute("stop", null, config.monitorTimeout());
            }
            qmp.execute("migrate", Map.of("uri", "exec:cat > '" + tmp + "'"), config.monitorTimeout());
            awaitMigration(qmp, id, config.saveTimeout(), "save");
            Files.move(tmp, layout.savedState(), StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException | IOException e) {
            FileTrees.deleteQuietly(tmp);
            if (wasRunning) {
                try {
                    qmp.execute("cont", null, config.monitorTimeout());
                } catch (QmpException resumeFailure) {
                    e.addSuppressed(resumeFailure);
                }
            }
            throw new DriverException("cannot suspend instance " + id + ": " + e.getMessage(), e);
        }
        processes.stop(layout);
        log.info("instance suspended instance={} state_bytes={} elapsed_ms={}", id,
                FileTrees.sizeOf(layout.savedState()), (System.nanoTime() - start) / 1_000_000);
    }

    /** Loads the saved state into a QEMU started with {@code -incoming defer}, continues the guest, drops the file. */
    void restore(InstanceLayout layout, QmpClient qmp) {
        qmp.execute("migrate-incoming", Map.of("uri", "exec:cat '" + layout.savedState() + "'"),
                config.monitorTimeout());
        awaitMigration(qmp, layout.instanceId(), config.saveTimeout(), "restore");
        // The state was saved with the guest stopped, so QEMU does not resume it by itself.
        qmp.execute("cont", null, config.monitorTimeout());
        try {
            Files.delete(layout.savedState());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the restored state of " + layout.instanceId(), e);
        }
        log.info("instance restored from saved state instance={}", layout.instanceId());
    }

    void discard(InstanceLayout layout) {
        if (Files.exists(layout.savedState())) {
            FileTrees.deleteQuietly(layout.savedState());
            log.info("saved state discarded instance={}", layout.instanceId());
        }
    }

    private void awaitMigration(QmpClient qmp, String instanceId, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode info = qmp.execute("query-migrate", null, config.monitorTimeout());
            String status = info.path("status").asString();
            if (status.equals("completed")) {
                return;
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                throw new DriverException(what + " of instance " + instanceId + " " + status + ": "
                        + info.path("error-desc").asString());
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new DriverException(what + " of instance " + instanceId + " did not finish within "
                        + timeout.toSeconds() + " s (status " + status + ")");
            }
            QemuProcesses.sleep(POLL);
        }
    }
}
