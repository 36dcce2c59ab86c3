package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.controller.ControllerClient;
import io.lightcloud.agent.driver.VirtDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the snapshots (Nova's createImage) a server's spec asks for: the driver writes a standalone copy of the root
 * disk, which is streamed to the snapshot's upload URL and then deleted; a failure is reported to its failure URL.
 * A snapshot is taken once per agent run; after a restart, the controller's 404 for a finished snapshot ends a
 * repeated upload.
 */
final class SnapshotTaker {
    private static final Logger log = LoggerFactory.getLogger(SnapshotTaker.class);

    private final VirtDriver driver;
    private final ControllerClient controller;
    private final Path workDir;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    SnapshotTaker(VirtDriver driver, ControllerClient controller, Path workDir) {
        this.driver = requireNonNull(driver, "driver");
        this.controller = requireNonNull(controller, "controller");
        this.workDir = requireNonNull(workDir, "workDir");
    }

    void take(DesiredInstance desired) {
        for (DesiredInstance.Snapshot snapshot : desired.snapshots()) {
            if (finished.add(snapshot.id())) {
                takeOne(desired.id(), snapshot);
            }
        }
    }

    private void takeOne(String instanceId, DesiredInstance.Snapshot snapshot) {
        Path file = workDir.resolve(snapshot.id() + ".qcow2");
        try {
            Files.createDirectories(workDir);
            log.info("taking snapshot instance={} snapshot={}", instanceId, snapshot.id());
            driver.snapshot(instanceId, file);
            boolean wanted = controller.upload(snapshot.uploadUrl(), file);
            log.info("snapshot uploaded instance={} snapshot={} accepted={}", instanceId, snapshot.id(), wanted);
        } catch (IOException e) {
            fail(instanceId, snapshot, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            fail(instanceId, snapshot, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("cannot remove snapshot file={} error=\"{}\"", file, e.getMessage());
            }
        }
    }

    private void fail(String instanceId, DesiredInstance.Snapshot snapshot, RuntimeException e) {
        log.warn("snapshot failed instance={} snapshot={} error=\"{}\"", instanceId, snapshot.id(), e.getMessage());
        try {
            controller.notify(snapshot.failureUrl(), Map.of("message", "Snapshot failed: " + e.getMessage()));
        } catch (RuntimeException reportFailed) {
            // The controller times the snapshot out if it never hears back.
            log.warn("cannot report the failed snapshot snapshot={} error=\"{}\"", snapshot.id(),
                    reportFailed.getMessage());
        }
    }
}
