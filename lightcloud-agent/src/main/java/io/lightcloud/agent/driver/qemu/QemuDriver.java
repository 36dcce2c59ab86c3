package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.HostInfo;
import io.lightcloud.agent.driver.InstanceNotFoundException;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.InvalidInstanceStateException;
import io.lightcloud.agent.driver.PowerState;
import io.lightcloud.agent.driver.RebootType;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.driver.VncEndpoint;
import io.lightcloud.agent.driver.VolumeAttachment;
import io.lightcloud.agent.process.CommandException;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The virt driver for QEMU, run directly (no libvirt). Each instance is a daemonized {@code qemu-system-x86_64} with
 * a pid file and a QMP socket in {@code <instancesDir>/<uuid>/}, so it outlives the agent and is found again by
 * {@link #adoptExisting()}. The observed state comes from the pid file, {@code /proc} and QMP {@code query-status};
 * nothing is cached that a restarted agent could not rebuild from the instance directories.
 */
public final class QemuDriver implements VirtDriver {
    private static final Logger log = LoggerFactory.getLogger(QemuDriver.class);
    private static final Pattern INSTANCE_DIR = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern QEMU_VERSION = Pattern.compile("version (\\d+\\.\\d+(\\.\\d+)?)");
    private static final Duration TERM_GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Each unplug request waits this much longer than the one before (Nova's libvirt driver: 2 s). */
    private static final Duration UNPLUG_WAIT_STEP = Duration.ofSeconds(2);
    private static final long CONSOLE_LOG_ROTATE_BYTES = 4L * 1024 * 1024;
    private static final long GIB = 1024L * 1024 * 1024;

    private final QemuDriverConfig config;
    private final ProcessRunner runner;
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final Accelerator accelerator;
    private final String qemuVersion;
    private final QemuCommand commands;
    private final ImageCache images;
    private final ConfigDriveBuilder configDrives;
    private final InstanceStore store;
    private final VncDisplays vncDisplays;
    private final DeviceUnplug unplug;
    private final Map<String, QmpClient> monitors = new ConcurrentHashMap<>();
    /** Runs a spawn's config drive build beside its root overlay creation. */
    private final ExecutorService preparation = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "qemu-driver-preparation");
        thread.setDaemon(true);
        return thread;
    });
    /** Per instance, never removed: a few bytes per instance this agent ever handled. */
    private final Map<String, InstanceLocks> locks = new ConcurrentHashMap<>();

    /** Prepares the instances directory and chooses the accelerator (AUTO: a KVM trial boot). */
    public QemuDriver(QemuDriverConfig config, ProcessRunner runner) {
        this.config = requireNonNull(config, "config");
        this.runner = requireNonNull(runner, "runner");
        try {
            Files.createDirectories(config.baseDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + config.baseDir(), e);
        }
        this.qemuVersion = probeVersion();
        this.accelerator = new QemuAccelProbe(config, runner).decide();
        this.commands = new QemuCommand(config, accelerator, mapper);
        this.images = new ImageCache(config, runner, mapper);
        this.configDrives = new ConfigDriveBuilder(config, runner, mapper);
        this.store = new InstanceStore(mapper);
        this.vncDisplays = new VncDisplays(config.firstVncDisplay(), config.vncDisplays());
        this.unplug = new DeviceUnplug(new DeviceUnplug.Retry(config.detachAttempts(), UNPLUG_WAIT_STEP,
                config.detachTimeout()), config.monitorTimeout());
        for (InstanceLayout layout : instanceLayouts()) {
            store.read(layout).ifPresent(record -> claimDisplay(layout, record));
        }
        log.info("qemu driver ready instances_dir={} accel={} qemu_version={}", config.instancesDir(),
                accelerator.qemuName(), qemuVersion);
    }

    public Accelerator accelerator() {
        return accelerator;
    }

    /** The QEMU command line of the instance's last start (for operators and benchmarks). */
    public List<String> lastCommand(String instanceId) {
        return requireRecord(layout(instanceId)).command();
    }

    // ------------------------------------------------------------------------------------------------- host

    @Override
    public HostInfo hostInfo() {
        try {
            String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            long memoryKb = procValue(Path.of("/proc/meminfo"), "MemTotal")
                    .map(v -> Long.parseLong(v.replace("kB", "").strip())).orElse(0L);
            String cpuModel = procValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown");
            long diskFree = Files.getFileStore(config.instancesDir()).getUsableSpace() / GIB;
            return new HostInfo(hostname, Runtime.getRuntime().availableProcessors(), memoryKb / 1024, diskFree,
                    cpuModel, accelerator.hypervisorType(), qemuVersion);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read host information", e);
        }
    }

    private static Optional<String> procValue(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return Optional.of(line.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    private String probeVersion() {
        String out = runner.run(List.of(config.qemuBinary(), "--version"), config.commandTimeout()).stdout();
        Matcher m = QEMU_VERSION.matcher(out);
        return m.find() ? m.group(1) : "unknown";
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    @Override
    public InstanceStatus spawn(InstanceSpec spec) {
        requireNonNull(spec, "spec");
        return locked(spec.instanceId(), () -> {
            InstanceLayout layout = layout(spec.instanceId());
            Optional<InstanceRecord> existing = store.read(layout);
            if (existing.isPresent()) {
                InstanceStatus status = observe(layout, existing.get());
                if (status.powerState().hasProcess()) {
                    log.info("spawn: already running instance={} state={}", spec.instanceId(), status.powerState());
                    return status;
                }
                return start(layout, existing.get().withSpec(spec));
            }
            return create(layout, spec);
        });
    }

    private InstanceStatus create(InstanceLayout layout, InstanceSpec spec) {
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
                createRootOverlay(layout, spec);
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
                stopProcess(layout);
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

    /** The root disk of an image-backed instance: a qcow2 overlay on the cached image, grown to the flavor's size. */
    private void createRootOverlay(InstanceLayout layout, InstanceSpec spec) {
        ImageCache.BaseImage base = images.ensure(spec.image());
        List<String> create = new ArrayList<>(List.of(config.qemuImgBinary(), "create", "-q", "-f", "qcow2",
                "-F", "qcow2", "-b", base.path().toString(), layout.disk().toString()));
        if (spec.rootDiskGb() > 0) {
            long size = spec.rootDiskGb() * GIB;
            if (size < base.virtualSize()) {
                throw new DriverException("root disk of " + spec.rootDiskGb() + " GB is smaller than image "
                        + spec.image().imageId() + " (" + base.virtualSize() + " bytes)");
            }
            create.add(Long.toString(size));
        }
        runner.run(create, config.commandTimeout());
    }

    /** Starts an existing instance: restores its saved state if it was suspended, else boots it. */
    private InstanceStatus start(InstanceLayout layout, InstanceRecord record) {
        boolean imageBacked = record.spec().image() != null;
        if (imageBacked && !Files.isRegularFile(layout.disk())) {
            throw new DriverException("root disk of instance " + layout.instanceId() + " is missing");
        }
        if (record.spec().configDrive() && !Files.isRegularFile(layout.configDrive())) {
            configDrives.build(record.spec(), layout.configDrive());
        }
        if (imageBacked) {
            growRootDisk(layout, record.spec().rootDiskGb());
        }
        InstanceRecord current = record;
        if (!claimDisplay(layout, current) || !VncDisplays.portFree(current.vncDisplay())) {
            current = moveDisplay(layout, current);
        }
        try {
            return launchOnFreeDisplay(layout, current);
        } catch (RuntimeException e) {
            stopProcess(layout);
            throw e;
        }
    }

    /**
     * Grows the root overlay to a larger flavor's size (a resize); it never shrinks, so a reverted resize keeps the
     * grown disk, as Nova does.
     */
    private void growRootDisk(InstanceLayout layout, int rootDiskGb) {
        if (rootDiskGb <= 0) {
            return;
        }
        long wanted = rootDiskGb * GIB;
        try {
            String json = runner.run(List.of(config.qemuImgBinary(), "info", "--output=json", "-U", "-f", "qcow2",
                    layout.disk().toString()), config.commandTimeout()).stdout();
            long current = mapper.readTree(json).path("virtual-size").asLong();
            if (current >= wanted) {
                return;
            }
            runner.run(List.of(config.qemuImgBinary(), "resize", "-q", "-f", "qcow2", layout.disk().toString(),
                    Long.toString(wanted)), config.commandTimeout());
            log.info("root disk grown instance={} from_bytes={} to_bytes={}", layout.instanceId(), current, wanted);
        } catch (CommandException e) {
            throw new DriverException("cannot grow the root disk of instance " + layout.instanceId() + " to "
                    + rootDiskGb + " GB: " + e.getMessage(), e);
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
        closeMonitor(id);
        try {
            Files.deleteIfExists(layout.pidFile());
            Files.deleteIfExists(layout.qmpSocket());
            rotateConsoleLog(layout);
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
        QmpClient qmp = monitor(layout);
        if (restore) {
            restoreSavedState(layout, qmp);
        }
        String runState = runState(qmp);
        if (!runState.equals("running")) {
            throw new DriverException("instance " + id + " is " + runState + " after start, not running: "
                    + qemuLogTail(layout));
        }
        return new InstanceStatus(id, record.spec().name(), PowerState.RUNNING, pid, runState);
    }

    private void restoreSavedState(InstanceLayout layout, QmpClient qmp) {
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

    @Override
    public void destroy(String instanceId) {
        locked(instanceId, () -> {
            InstanceLayout layout = layout(instanceId);
            if (!Files.exists(layout.dir())) {
                log.debug("destroy: nothing to do instance={}", instanceId);
                return null;
            }
            stopProcess(layout);
            vncDisplays.releaseAll(instanceId);
            deleteDirectory(layout);
            log.info("instance destroyed instance={}", instanceId);
            return null;
        });
    }

    @Override
    public void powerOff(String instanceId, Duration gracefulTimeout) {
        requireNonNull(gracefulTimeout, "gracefulTimeout");
        onInstance(instanceId, (layout, record) -> {
            InstanceStatus status = observe(layout, record);
            if (status.powerState() == PowerState.SUSPENDED) {
                discardSavedState(layout);
            }
            if (!status.powerState().hasProcess()) {
                clearStalePidFile(layout);
                log.info("power off: not running instance={} state={}", instanceId, status.powerState());
                return;
            }
            shutDown(layout, status, gracefulTimeout, "power off");
        });
    }

    @Override
    public void powerOn(InstanceSpec spec) {
        requireNonNull(spec, "spec");
        onInstance(spec.instanceId(), (layout, record) -> {
            if (observe(layout, record).powerState().hasProcess()) {
                log.info("power on: already running instance={}", spec.instanceId());
                return;
            }
            start(layout, record.withSpec(spec));
        });
    }

    @Override
    public void reboot(String instanceId, RebootType type) {
        requireNonNull(type, "type");
        onInstance(instanceId, (layout, record) -> {
            InstanceStatus status = observe(layout, record);
            discardSavedState(layout);
            if (status.powerState().hasProcess()) {
                Duration grace = type == RebootType.SOFT && status.powerState() == PowerState.RUNNING
                        ? config.softRebootTimeout() : Duration.ZERO;
                shutDown(layout, status, grace, type == RebootType.SOFT ? "soft reboot" : "hard reboot");
            }
            start(layout, record);
            log.info("instance rebooted instance={} type={}", instanceId, type);
        });
    }

    /**
     * Stops a running or paused instance: ACPI power button and up to {@code grace} for the guest to power off
     * (only if running; a paused guest cannot react), then SIGTERM/SIGKILL.
     */
    private void shutDown(InstanceLayout layout, InstanceStatus status, Duration grace, String operation) {
        String id = layout.instanceId();
        long pid = status.pid().orElseThrow();
        if (!grace.isZero() && status.powerState() == PowerState.RUNNING) {
            long start = System.nanoTime();
            try {
                monitor(layout).execute("system_powerdown", null, config.monitorTimeout());
                if (QemuProcesses.awaitExit(pid, id, grace)) {
                    log.info("{}: guest powered off instance={} elapsed_ms={}", operation, id,
                            (System.nanoTime() - start) / 1_000_000);
                    closeMonitor(id);
                    return;
                }
                log.warn("{}: guest did not power off within {} s, stopping it instance={}", operation,
                        grace.toSeconds(), id);
            } catch (QmpException e) {
                log.warn("{}: ACPI power-down failed, stopping it instance={} error=\"{}\"", operation, id,
                        e.getMessage());
            }
        }
        stopProcess(layout);
    }

    @Override
    public void pause(String instanceId) {
        switchRunState(instanceId, "pause", PowerState.RUNNING, PowerState.PAUSED, "stop");
    }

    @Override
    public void unpause(String instanceId) {
        switchRunState(instanceId, "unpause", PowerState.PAUSED, PowerState.RUNNING, "cont");
    }

    /** Stops or continues the vCPUs with a QMP command; nothing to do if the instance is already in {@code to}. */
    private void switchRunState(String instanceId, String operation, PowerState from, PowerState to,
            String command) {
        onInstance(instanceId, (layout, record) -> {
            PowerState state = observe(layout, record).powerState();
            if (state == to) {
                return;
            }
            requireState(instanceId, operation, state, from);
            monitor(layout).execute(command, null, config.monitorTimeout());
            log.info("{} done instance={}", operation, instanceId);
        });
    }

    @Override
    public void suspend(String instanceId) {
        onInstance(instanceId, (layout, record) -> {
            InstanceStatus status = observe(layout, record);
            if (status.powerState() == PowerState.SUSPENDED) {
                return;
            }
            if (!status.powerState().hasProcess()) {
                throw new InvalidInstanceStateException(instanceId, "suspend", status.powerState());
            }
            saveState(layout, status);
        });
    }

    /**
     * Managed save: stop the vCPUs, stream the state through QMP {@code migrate} into a file (QEMU 7.2 has no
     * {@code file:} URI, hence {@code exec:cat}), rename it into place only when complete, then stop QEMU.
     */
    private void saveState(InstanceLayout layout, InstanceStatus status) {
        String id = layout.instanceId();
        long start = System.nanoTime();
        Path tmp = layout.dir().resolve(".managed-save.tmp");
        QmpClient qmp = monitor(layout);
        boolean wasRunning = status.powerState() == PowerState.RUNNING;
        try {
            if (wasRunning) {
                qmp.execute("stop", null, config.monitorTimeout());
            }
            qmp.execute("migrate", Map.of("uri", "exec:cat > '" + tmp + "'"), config.monitorTimeout());
            awaitMigration(qmp, id, config.saveTimeout(), "save");
            Files.move(tmp, layout.savedState(), StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException | IOException e) {
            deleteQuietly(tmp);
            if (wasRunning) {
                try {
                    qmp.execute("cont", null, config.monitorTimeout());
                } catch (QmpException resumeFailure) {
                    e.addSuppressed(resumeFailure);
                }
            }
            throw new DriverException("cannot suspend instance " + id + ": " + e.getMessage(), e);
        }
        stopProcess(layout);
        log.info("instance suspended instance={} state_bytes={} elapsed_ms={}", id, sizeOf(layout.savedState()),
                (System.nanoTime() - start) / 1_000_000);
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

    @Override
    public void resume(String instanceId) {
        onInstance(instanceId, (layout, record) -> {
            PowerState state = observe(layout, record).powerState();
            if (state == PowerState.RUNNING) {
                return;
            }
            requireState(instanceId, "resume", state, PowerState.SUSPENDED);
            start(layout, record);
        });
    }

    // ---------------------------------------------------------------------------------------------- volumes

    @Override
    public void attachVolume(String instanceId, VolumeAttachment volume) {
        requireNonNull(volume, "volume");
        onInstance(instanceId, (layout, record) -> {
            PowerState state = observe(layout, record).powerState();
            if (state == PowerState.SUSPENDED) {
                throw new InvalidInstanceStateException(instanceId, "attach a volume to", state);
            }
            Optional<VolumeAttachment> known = record.spec().volume(volume.volumeId());
            if (known.isPresent() && !known.get().equals(volume)) {
                throw new DriverException("volume " + volume.volumeId() + " is already attached to instance "
                        + instanceId + " from " + known.get().path());
            }
            List<VolumeAttachment> volumes = new ArrayList<>(record.spec().volumes());
            if (known.isEmpty()) {
                volumes.add(volume);
            }
            InstanceRecord updated = record.withSpec(record.spec().withVolumes(volumes));
            int slot = updated.slotOf(volume.volumeId());
            // Recorded first: if the agent dies during the hot-plug, the next attempt or start still knows the slot.
            store.write(layout, updated);
            if (state.hasProcess()) {
                try {
                    hotPlug(layout, volume, slot);
                } catch (RuntimeException e) {
                    if (known.isEmpty()) {
                        store.write(layout, record);
                    }
                    throw e;
                }
            }
            log.info("volume attached instance={} volume={} slot={} live={}", instanceId, volume.volumeId(), slot,
                    state.hasProcess());
        });
    }

    private void hotPlug(InstanceLayout layout, VolumeAttachment volume, int slot) {
        QmpClient qmp = monitor(layout);
        String node = InstanceRecord.volumeNodeName(slot);
        if (deviceExists(qmp, InstanceRecord.volumeDeviceId(volume.volumeId()))) {
            return;
        }
        boolean nodeAdded = false;
        if (!nodeExists(qmp, node)) {
            qmp.execute("blockdev-add", commands.volumeBlockdev(volume, slot), config.monitorTimeout());
            nodeAdded = true;
        }
        try {
            qmp.execute("device_add", QemuCommand.volumeDevice(volume, slot), config.monitorTimeout());
        } catch (QmpException e) {
            if (nodeAdded) {
                deleteNodeQuietly(qmp, node);
            }
            throw new DriverException("cannot hot-plug volume " + volume.volumeId() + " into instance "
                    + layout.instanceId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void detachVolume(String instanceId, String volumeId) {
        requireNonNull(volumeId, "volumeId");
        onInstance(instanceId, (layout, record) -> {
            if (record.spec().volume(volumeId).isEmpty()) {
                log.debug("detach: volume not attached instance={} volume={}", instanceId, volumeId);
                return;
            }
            if (record.spec().volume(volumeId).get().boot()) {
                throw new DriverException("volume " + volumeId + " is the root disk of instance " + instanceId);
            }
            PowerState state = observe(layout, record).powerState();
            if (state == PowerState.SUSPENDED || state == PowerState.PAUSED) {
                // A paused or saved guest cannot acknowledge the unplug, and a saved state must keep its devices.
                throw new InvalidInstanceStateException(instanceId, "detach a volume from", state);
            }
            int slot = record.slotOf(volumeId);
            if (state == PowerState.RUNNING) {
                hotUnplug(layout, volumeId, slot);
            }
            List<VolumeAttachment> volumes = record.spec().volumes().stream()
                    .filter(v -> !v.volumeId().equals(volumeId)).toList();
            store.write(layout, record.withSpec(record.spec().withVolumes(volumes)));
            log.info("volume detached instance={} volume={} live={}", instanceId, volumeId,
                    state == PowerState.RUNNING);
        });
    }

    /** The guest must release the device (see {@link DeviceUnplug}); until it has, the volume stays attached. */
    private void hotUnplug(InstanceLayout layout, String volumeId, int slot) {
        QmpClient qmp = monitor(layout);
        String device = InstanceRecord.volumeDeviceId(volumeId);
        if (deviceExists(qmp, device)) {
            unplug.unplug(qmp, device, "volume " + volumeId + " of instance " + layout.instanceId());
        }
        String node = InstanceRecord.volumeNodeName(slot);
        if (nodeExists(qmp, node)) {
            qmp.execute("blockdev-del", Map.of("node-name", node), config.monitorTimeout());
        }
    }

    private boolean deviceExists(QmpClient qmp, String deviceId) {
        JsonNode children = qmp.execute("qom-list", Map.of("path", "/machine/peripheral"), config.monitorTimeout());
        for (JsonNode child : children) {
            if (deviceId.equals(child.path("name").asString())) {
                return true;
            }
        }
        return false;
    }

    private boolean nodeExists(QmpClient qmp, String node) {
        JsonNode nodes = qmp.execute("query-named-block-nodes", Map.of("flat", true), config.monitorTimeout());
        for (JsonNode n : nodes) {
            if (node.equals(n.path("node-name").asString())) {
                return true;
            }
        }
        return false;
    }

    private void deleteNodeQuietly(QmpClient qmp, String node) {
        try {
            qmp.execute("blockdev-del", Map.of("node-name", node), config.monitorTimeout());
        } catch (QmpException e) {
            log.warn("cannot remove block node node={} error=\"{}\"", node, e.getMessage());
        }
    }

    @Override
    public void attachInterface(String instanceId, Nic nic) {
        requireNonNull(nic, "nic");
        onInstance(instanceId, (layout, record) -> {
            PowerState state = observe(layout, record).powerState();
            if (state == PowerState.SUSPENDED) {
                throw new InvalidInstanceStateException(instanceId, "attach an interface to", state);
            }
            if (record.spec().nics().contains(nic)) {
                return;
            }
            List<Nic> nics = new ArrayList<>(record.spec().nics());
            nics.add(nic);
            InstanceRecord updated = record.withSpec(record.spec().withNics(nics));
            int slot = updated.nicSlotOf(nic.tapDevice());
            store.write(layout, updated);
            if (state.hasProcess()) {
                try {
                    hotPlugNic(layout, nic, slot);
                } catch (RuntimeException e) {
                    store.write(layout, record);
                    throw e;
                }
            }
            log.info("interface attached instance={} tap={} mac={} slot={} live={}", instanceId, nic.tapDevice(),
                    nic.macAddress(), slot, state.hasProcess());
        });
    }

    private void hotPlugNic(InstanceLayout layout, Nic nic, int slot) {
        QmpClient qmp = monitor(layout);
        if (deviceExists(qmp, InstanceRecord.nicDeviceId(nic.tapDevice()))) {
            return;
        }
        qmp.execute("netdev_add", QemuCommand.nicNetdev(nic), config.monitorTimeout());
        try {
            qmp.execute("device_add", QemuCommand.nicDevice(nic, slot), config.monitorTimeout());
        } catch (QmpException e) {
            deleteNetdevQuietly(qmp, nic.tapDevice());
            throw new DriverException("cannot hot-plug a NIC into instance " + layout.instanceId() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void detachInterface(String instanceId, String tapDevice) {
        requireNonNull(tapDevice, "tapDevice");
        onInstance(instanceId, (layout, record) -> {
            if (record.spec().nics().stream().noneMatch(n -> n.tapDevice().equals(tapDevice))) {
                return;
            }
            PowerState state = observe(layout, record).powerState();
            if (state == PowerState.SUSPENDED || state == PowerState.PAUSED) {
                throw new InvalidInstanceStateException(instanceId, "detach an interface from", state);
            }
            if (state == PowerState.RUNNING) {
                hotUnplugNic(layout, tapDevice);
            }
            List<Nic> nics = record.spec().nics().stream().filter(n -> !n.tapDevice().equals(tapDevice)).toList();
            store.write(layout, record.withSpec(record.spec().withNics(nics)));
            log.info("interface detached instance={} tap={} live={}", instanceId, tapDevice,
                    state == PowerState.RUNNING);
        });
    }

    private void hotUnplugNic(InstanceLayout layout, String tapDevice) {
        QmpClient qmp = monitor(layout);
        String device = InstanceRecord.nicDeviceId(tapDevice);
        if (deviceExists(qmp, device)) {
            unplug.unplug(qmp, device, "NIC " + tapDevice + " of instance " + layout.instanceId());
        }
        deleteNetdevQuietly(qmp, tapDevice);
    }

    private void deleteNetdevQuietly(QmpClient qmp, String tapDevice) {
        try {
            qmp.execute("netdev_del", Map.of("id", InstanceRecord.nicNetdevId(tapDevice)), config.monitorTimeout());
        } catch (QmpException e) {
            log.debug("no netdev to remove tap={} error=\"{}\"", tapDevice, e.getMessage());
        }
    }

    @Override
    public void snapshot(String instanceId, Path target) {
        requireNonNull(target, "target");
        onInstance(instanceId, (layout, record) -> {
            if (record.spec().image() == null) {
                throw new DriverException("instance " + instanceId + " boots from a volume; snapshot the volume "
                        + "with the volume service instead");
            }
            PowerState state = observe(layout, record).powerState();
            if (state == PowerState.SUSPENDED) {
                throw new InvalidInstanceStateException(instanceId, "snapshot", state);
            }
            boolean pause = state == PowerState.RUNNING;
            if (pause) {
                monitor(layout).execute("stop", null, config.monitorTimeout());
            }
            try {
                // -U: QEMU holds the image lock; the paused guest writes nothing while the copy is made.
                runner.run(List.of(config.qemuImgBinary(), "convert", "-U", "-q", "-f", "qcow2", "-O", "qcow2",
                        layout.disk().toString(), target.toString()), config.imageTimeout());
            } finally {
                if (pause) {
                    monitor(layout).execute("cont", null, config.monitorTimeout());
                }
            }
            log.info("snapshot written instance={} paused={} bytes={}", instanceId, pause, sizeOf(target));
        });
    }

    @Override
    public List<Nic> interfaces(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        return requireRecord(layout(instanceId)).spec().nics();
    }

    // -------------------------------------------------------------------------------------------- observing

    /**
     * QMP {@code query-blockstats} of a running instance, for the metrics exporter; fails with a {@link QmpException}
     * when the VM is gone. Uses the instance's monitor connection, so it never waits for an operation in progress.
     */
    public JsonNode blockStats(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        return monitor(layout(instanceId)).execute("query-blockstats", null, config.monitorTimeout());
    }

    @Override
    public InstanceStatus state(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        InstanceLayout layout = layout(instanceId);
        return observe(layout, requireRecord(layout));
    }

    @Override
    public List<InstanceStatus> list() {
        List<InstanceStatus> result = new ArrayList<>();
        for (InstanceLayout layout : instanceLayouts()) {
            readRecordQuietly(layout).ifPresent(record -> result.add(observe(layout, record)));
        }
        return result;
    }

    /**
     * The observed power state. No process: SUSPENDED if a saved state exists, SHUTDOWN after a clean exit (QEMU
     * removes its pid file), CRASHED if the pid file is left behind (the process was killed or QEMU died). With a
     * process: QMP {@code query-status}; NOSTATE if the monitor does not answer.
     */
    private InstanceStatus observe(InstanceLayout layout, InstanceRecord record) {
        String id = layout.instanceId();
        String name = record.spec().name();
        OptionalLong pid = QemuProcesses.livePid(layout);
        if (pid.isEmpty()) {
            closeMonitor(id);
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
            String runState = runState(monitor(layout));
            return new InstanceStatus(id, name, powerState(runState), pid, runState);
        } catch (QmpException e) {
            return new InstanceStatus(id, name, PowerState.NOSTATE, pid, "monitor not answering: " + e.getMessage());
        }
    }

    private String runState(QmpClient qmp) {
        return qmp.execute("query-status", null, config.monitorTimeout()).path("status").asString();
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

    @Override
    public String consoleLog(String instanceId, int maxBytes) {
        InstanceSpec.requireValidId(instanceId);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        InstanceLayout layout = layout(instanceId);
        requireRecord(layout);
        try (RandomAccessFile file = new RandomAccessFile(layout.consoleLog().toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (from > 0) {
                int newline = text.indexOf('\n');
                text = newline >= 0 ? text.substring(newline + 1) : "";
            }
            return text;
        } catch (FileNotFoundException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console log of " + instanceId, e);
        }
    }

    @Override
    public VncEndpoint vncEndpoint(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        InstanceLayout layout = layout(instanceId);
        InstanceRecord record = requireRecord(layout);
        PowerState state = observe(layout, record).powerState();
        if (!state.hasProcess()) {
            throw new InvalidInstanceStateException(instanceId, "open a console of", state);
        }
        return new VncEndpoint(VncDisplays.LISTEN_ADDRESS, VncDisplays.port(record.vncDisplay()));
    }

    @Override
    public boolean hasCachedImage(String imageId) {
        return images.isCached(imageId);
    }

    @Override
    public List<InstanceStatus> adoptExisting() {
        List<InstanceStatus> adopted = new ArrayList<>();
        for (InstanceLayout layout : instanceLayouts()) {
            Optional<InstanceRecord> record = readRecordQuietly(layout);
            if (record.isEmpty() || QemuProcesses.livePid(layout).isEmpty()) {
                continue;
            }
            claimDisplay(layout, record.get());
            InstanceStatus status = observe(layout, record.get());
            log.info("adopted running instance instance={} pid={} state={} vnc_display={}", layout.instanceId(),
                    status.pid().orElse(-1), status.powerState(), record.get().vncDisplay());
            adopted.add(status);
        }
        return adopted;
    }

    @Override
    public void close() {
        monitors.keySet().forEach(this::closeMonitor);
        preparation.shutdown();
    }

    // -------------------------------------------------------------------------------------------- internals

    private InstanceLayout layout(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        return new InstanceLayout(instanceId, config.instancesDir().resolve(instanceId));
    }

    private List<InstanceLayout> instanceLayouts() {
        List<InstanceLayout> layouts = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(config.instancesDir(), Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (INSTANCE_DIR.matcher(name).matches()) {
                    layouts.add(new InstanceLayout(name, dir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + config.instancesDir(), e);
        }
        layouts.sort((a, b) -> a.instanceId().compareTo(b.instanceId()));
        return layouts;
    }

    private InstanceRecord requireRecord(InstanceLayout layout) {
        return store.read(layout).orElseThrow(() -> new InstanceNotFoundException(layout.instanceId()));
    }

    private Optional<InstanceRecord> readRecordQuietly(InstanceLayout layout) {
        try {
            return store.read(layout);
        } catch (DriverException | UncheckedIOException e) {
            log.warn("skipping instance with unreadable record instance={} error=\"{}\"", layout.instanceId(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private boolean claimDisplay(InstanceLayout layout, InstanceRecord record) {
        boolean claimed = vncDisplays.claim(record.vncDisplay(), layout.instanceId());
        if (!claimed) {
            log.warn("VNC display recorded by two instances display={} instance={}", record.vncDisplay(),
                    layout.instanceId());
        }
        return claimed;
    }

    private QmpClient monitor(InstanceLayout layout) {
        String id = layout.instanceId();
        QmpClient existing = monitors.get(id);
        if (existing != null && existing.isOpen()) {
            return existing;
        }
        // Not the operation lock: a status query must not wait for a long operation (a soft reboot) to finish.
        synchronized (locksOf(id).monitor()) {
            existing = monitors.get(id);
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            QmpClient client = QmpClient.connect(layout.qmpSocket(), id, mapper, config.monitorTimeout());
            monitors.put(id, client);
            return client;
        }
    }

    private void closeMonitor(String instanceId) {
        QmpClient client = monitors.remove(instanceId);
        if (client != null) {
            client.close();
        }
    }

    /** Ends the instance's QEMU process if there is one and removes its runtime files. */
    private void stopProcess(InstanceLayout layout) {
        closeMonitor(layout.instanceId());
        QemuProcesses.livePid(layout).ifPresent(pid -> {
            log.info("stopping qemu instance={} pid={}", layout.instanceId(), pid);
            QemuProcesses.kill(pid, layout.instanceId(), TERM_GRACE);
        });
        clearStalePidFile(layout);
        deleteQuietly(layout.qmpSocket());
    }

    private void clearStalePidFile(InstanceLayout layout) {
        if (QemuProcesses.livePid(layout).isEmpty()) {
            deleteQuietly(layout.pidFile());
        }
    }

    private void discardSavedState(InstanceLayout layout) {
        if (Files.exists(layout.savedState())) {
            deleteQuietly(layout.savedState());
            log.info("saved state discarded instance={}", layout.instanceId());
        }
    }

    /** Keeps the console log from growing without bound: at a start, a large log becomes the previous log. */
    private static void rotateConsoleLog(InstanceLayout layout) throws IOException {
        if (Files.isRegularFile(layout.consoleLog()) && Files.size(layout.consoleLog()) > CONSOLE_LOG_ROTATE_BYTES) {
            Files.move(layout.consoleLog(), layout.previousConsoleLog(), StandardCopyOption.REPLACE_EXISTING);
        }
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

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete path={} error=\"{}\"", file, e.getMessage());
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

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void requireState(String instanceId, String operation, PowerState actual, PowerState wanted) {
        if (actual != wanted) {
            throw new InvalidInstanceStateException(instanceId, operation, actual);
        }
    }

    /** Runs an action on an existing instance (InstanceNotFoundException otherwise) under the instance's lock. */
    private void onInstance(String instanceId, BiConsumer<InstanceLayout, InstanceRecord> action) {
        locked(instanceId, () -> {
            InstanceLayout layout = layout(instanceId);
            action.accept(layout, requireRecord(layout));
            return null;
        });
    }

    private <T> T locked(String instanceId, Supplier<T> action) {
        InstanceSpec.requireValidId(instanceId);
        ReentrantLock lock = locksOf(instanceId).operations();
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static final class VncPortTakenException extends DriverException {
        VncPortTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private InstanceLocks locksOf(String instanceId) {
        return locks.computeIfAbsent(instanceId, id -> new InstanceLocks(new ReentrantLock(), new Object()));
    }

    /** Serialises operations on one instance, and separately the opening of its monitor connection. */
    private record InstanceLocks(ReentrantLock operations, Object monitor) {
    }
}
