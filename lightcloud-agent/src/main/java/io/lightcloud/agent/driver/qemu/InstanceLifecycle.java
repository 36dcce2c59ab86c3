package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.InvalidInstanceStateException;
import io.lightcloud.agent.process.CommandException;
import io.lightcloud.agent.process.ProcessRunner;
import io.lightcloud.agent.protocol.PowerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating, starting, stopping and deleting an instance's QEMU process. The caller holds the instance's lock.
 */
final class InstanceLifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceLifecycle.class);

    private final QemuDriverConfig config;
    private final ProcessRunner runner;
    private final Accelerator accelerator;
    private final QemuCommand commands;
    private final ConfigDriveBuilder configDrives;
    private final InstanceStore store;
    private final VncDisplays vncDisplays;
    private final QemuMonitors monitors;
    private final InstanceProcesses processes;
    private final RootDisks rootDisks;
    private final ManagedSave managedSave;
    /** Runs a spawn's config drive build beside its root overlay creation. */
    private final ExecutorService preparation = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "qemu-driver-preparation");
        thread.setDaemon(true);
        return thread;
    });

    InstanceLifecycle(QemuDriverConfig config, ProcessRunner runner, Accelerator accelerator, QemuCommand commands,
            ConfigDriveBuilder configDrives, InstanceStore store, VncDisplays vncDisplays, QemuMonitors monitors,
            InstanceProcesses processes, RootDisks rootDisks, ManagedSave managedSave) {
        this.config = requireNonNull(config, "config");
        this.runner = requireNonNull(runner, "runner");
        this.accelerator = requireNonNull(accelerator, "accelerator");
        this.commands = requireNonNull(commands, "commands");
        this.configDrives = requireNonNull(configDrives, "configDrives");
        this.store = requireNonNull(store, "store");
        this.vncDisplays = requireNonNull(vncDisplays, "vncDisplays");
        this.monitors = requireNonNull(monitors, "monitors");
        this.processes = requireNonNull(processes, "processes");
        this.rootDisks = requireNonNull(rootDisks, "rootDisks");
        this.managedSave = requireNonNull(managedSave, "managedSave");
    }

    /** Creates a new instance's files and starts it; a failure removes everything it created. */
    InstanceStatus create(InstanceLayout layout, InstanceSpec spec) {
        long started = System.nanoTime();
        boolean created = false;
        CompletableFuture<Void> configDrive = CompletableFuture.completedFuture(null);
        try {
            // A directory without a record is the rest of a spawn interrupted before QEMU was started.
            FileTrees.deleteRecursively(layout.dir());
            Files.createDirectories(layout.dir());
            // The config drive and the root overlay are independent commands: both run at once.
            if (spec.configDrive()) {
                configDrive = CompletableFuture.runAsync(() -> configDrives.build(spec, layout.configDrive()),
                        preparation);
            }
            if (spec.image() != null) {
                rootDisks.createOverlay(layout, spec);
            }
            awaitPreparation(configDrive);
            long prepared = System.nanoTime();
            // launch() writes the record before QEMU starts, so an interrupted spawn is recognised as above.
            InstanceStatus status = launchOnFreeDisplay(layout,
                    InstanceRecord.create(spec, vncDisplays.allocate(spec.instanceId())));
            created = true;
            log.info("instance spawned instance={} name=\"{}\" elapsed_ms={} disks_ms={} launch_ms={}",
                    spec.instanceId(), spec.name(), (System.nanoTime() - started) / 1_000_000,
                    (prepared - started) / 1_000_000, (System.nanoTime() - prepared) / 1_000_000);
            return status;
        } catch (CommandException e) {
            throw new DriverException("cannot create instance " + spec.instanceId() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create instance " + spec.instanceId(), e);
        } finally {
            if (!created) {
                log.warn("spawn failed, removing everything it created instance={}", spec.instanceId());
                configDrive.exceptionally(e -> null).join();
                processes.stop(layout);
                vncDisplays.releaseAll(spec.instanceId());
                deleteDirectory(layout);
            }
        }
    }

    /** Waits for a preparation step and rethrows its failure as it was thrown. */
    private static void awaitPreparation(CompletableFuture<Void> step) {
        try {
            step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Starts an existing instance: restores its saved state if it was suspended, else boots it. */
    InstanceStatus start(InstanceLayout layout, InstanceRecord record) {
        boolean imageBacked = record.spec().image() != null;
        if (imageBacked && !Files.isRegularFile(layout.disk())) {
            throw new DriverException("root disk of instance " + layout.instanceId() + " is missing");
        }
        if (record.spec().configDrive() && !Files.isRegularFile(layout.configDrive())) {
            configDrives.build(record.spec(), layout.configDrive());
        }
        if (imageBacked) {
            rootDisks.grow(layout, record.spec().rootDiskGb());
        }
        InstanceRecord current = record;
        if (!claimDisplay(layout, current) || !VncDisplays.portFree(current.vncDisplay())) {
            current = moveDisplay(layout, current);
        }
        try {
            return launchOnFreeDisplay(layout, current);
        } catch (RuntimeException e) {
            processes.stop(layout);
            throw e;
        }
    }

    /**
     * Launches QEMU, moving to another VNC display if the port was taken between allocation and launch (another
     * agent or test on the same host).
     */
    private InstanceStatus launchOnFreeDisplay(InstanceLayout layout, InstanceRecord record) {
        InstanceRecord current = record;
        for (int attempt = 1;; attempt++) {
            try {
                return launch(layout, current);
            } catch (VncPortTakenException e) {
                if (attempt == 3) {
                    throw e;
                }
                current = moveDisplay(layout, current);
            }
        }
    }

    private InstanceRecord moveDisplay(InstanceLayout layout, InstanceRecord record) {
        int display = vncDisplays.allocate(layout.instanceId());
        log.info("VNC display taken, moving instance={} from={} to={}", layout.instanceId(), record.vncDisplay(),
                display);
        vncDisplays.release(record.vncDisplay(), layout.instanceId());
        InstanceRecord moved = record.withVncDisplay(display);
        store.write(layout, moved);
        return moved;
    }

    /** Starts QEMU for a record whose files exist and returns once QMP reports the guest running. */
    private InstanceStatus launch(InstanceLayout layout, InstanceRecord record) {
        String id = layout.instanceId();
        boolean restore = Files.isRegularFile(layout.savedState());
        monitors.close(id);
        try {
            Files.deleteIfExists(layout.pidFile());
            Files.deleteIfExists(layout.qmpSocket());
            ConsoleLog.rotate(layout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare instance directory " + layout.dir(), e);
        }
        List<String> argv = commands.build(layout, record, restore);
        store.write(layout, record.withCommand(argv));
        log.info("starting qemu instance={} accel={} vnc=127.0.0.1:{} restore={}", id, accelerator.qemuName(),
                VncDisplays.port(record.vncDisplay()), restore);
        log.debug("qemu command instance={} argv={}", id, argv);
        try {
            runner.run(inHostNamespace(argv), config.commandTimeout());
        } catch (CommandException e) {
            // With -D, QEMU writes even its start-up errors to the log file rather than to stderr.
            String reason = e.stderr().isBlank() ? qemuLogTail(layout) : e.stderr().strip();
            String message = "QEMU failed to start instance " + id + " (exit status " + e.exitCode() + "): " + reason;
            if (reason.contains("-vnc ") && reason.contains("Address already in use")) {
                throw new VncPortTakenException(message, e);
            }
            throw new DriverException(message, e);
        }
        OptionalLong pid = QemuProcesses.livePid(layout);
        if (pid.isEmpty()) {
            throw new DriverException("QEMU exited right after starting instance " + id + ": " + qemuLogTail(layout));
        }
        QmpClient qmp = monitors.monitor(layout);
        if (restore) {
            managedSave.restore(layout, qmp);
        }
        String runState = monitors.runState(qmp);
        if (!runState.equals("running")) {
            throw new DriverException("instance " + id + " is " + runState + " after start, not running: "
                    + qemuLogTail(layout));
        }
        return new InstanceStatus(id, record.spec().name(), PowerState.RUNNING, pid, runState);
    }

    /**
     * Stops a running or paused instance: ACPI power button and up to {@code grace} for the guest to power off
     * (only if running; a paused guest cannot react), then SIGTERM/SIGKILL.
     */
    void shutDown(InstanceLayout layout, InstanceStatus status, Duration grace, String operation) {
        String id = layout.instanceId();
        long pid = status.pid().orElseThrow();
        if (!grace.isZero() && status.powerState() == PowerState.RUNNING) {
            long start = System.nanoTime();
            try {
                monitors.monitor(layout).execute("system_powerdown", null, config.monitorTimeout());
                if (QemuProcesses.awaitExit(pid, id, grace)) {
                    log.info("{}: guest powered off instance={} elapsed_ms={}", operation, id,
                            (System.nanoTime() - start) / 1_000_000);
                    monitors.close(id);
                    return;
                }
                log.warn("{}: guest did not power off within {} s, stopping it instance={}", operation,
                        grace.toSeconds(), id);
            } catch (QmpException e) {
                log.warn("{}: ACPI power-down failed, stopping it instance={} error=\"{}\"", operation, id,
                        e.getMessage());
            }
        }
        processes.stop(layout);
    }

    /**
     * Stops or continues the vCPUs with a QMP command; nothing to do if the instance is already in {@code to}.
     */
    void switchRunState(InstanceLayout layout, PowerState state, String operation, PowerState from, PowerState to,
            String command) {
        if (state == to) {
            return;
        }
        requireState(layout.instanceId(), operation, state, from);
        monitors.monitor(layout).execute(command, null, config.monitorTimeout());
        log.info("{} done instance={}", operation, layout.instanceId());
    }

    /** Stops the instance and deletes its directory and VNC display; nothing to do if it has no directory. */
    void destroy(InstanceLayout layout) {
        String instanceId = layout.instanceId();
        if (!Files.exists(layout.dir())) {
            log.debug("destroy: nothing to do instance={}", instanceId);
            return;
        }
        processes.stop(layout);
        vncDisplays.releaseAll(instanceId);
        deleteDirectory(layout);
        log.info("instance destroyed instance={}", instanceId);
    }

    boolean claimDisplay(InstanceLayout layout, InstanceRecord record) {
        boolean claimed = vncDisplays.claim(record.vncDisplay(), layout.instanceId());
        if (!claimed) {
            log.warn("VNC display recorded by two instances display={} instance={}", record.vncDisplay(),
                    layout.instanceId());
        }
        return claimed;
    }

    static void requireState(String instanceId, String operation, PowerState actual, PowerState wanted) {
        if (actual != wanted) {
            throw new InvalidInstanceStateException(instanceId, operation, actual);
        }
    }

    @Override
    public void close() {
        preparation.shutdown();
    }

    private static String qemuLogTail(InstanceLayout layout) {
        try {
            List<String> lines = Files.readAllLines(layout.qemuLog());
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (NoSuchFileException e) {
            return "(no QEMU log)";
        } catch (IOException e) {
            return "(QEMU log unreadable: " + e.getMessage() + ")";
        }
    }

    private void deleteDirectory(InstanceLayout layout) {
        try {
            FileTrees.deleteRecursively(layout.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + layout.dir(), e);
        }
    }

    /** QEMU opens its tap devices by name, so it must start in the namespace that has them. */
    private List<String> inHostNamespace(List<String> argv) {
        if (config.hostNamespace() == null) {
            return argv;
        }
        List<String> prefixed = new ArrayList<>(List.of("ip", "netns", "exec", config.hostNamespace()));
        prefixed.addAll(argv);
        return prefixed;
    }

    private static final class VncPortTakenException extends DriverException {
        VncPortTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
