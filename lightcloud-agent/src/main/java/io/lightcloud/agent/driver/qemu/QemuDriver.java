package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.HostInfo;
import io.lightcloud.agent.driver.InstanceNotFoundException;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.InvalidInstanceStateException;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.RebootType;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.driver.VncEndpoint;
import io.lightcloud.agent.driver.VolumeAttachment;
import io.lightcloud.agent.process.ProcessRunner;
import io.lightcloud.agent.protocol.PowerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>This class takes each operation's instance lock and hands the work to one role: {@link InstanceLifecycle}
 * (create, start, stop, delete), {@link RootDisks} (the root disk), {@link HotPlug} (volumes and NICs),
 * {@link ManagedSave} (suspend and resume), {@link ConsoleLog} (serial console output), with
 * {@link InstanceProcesses} observing the QEMU processes.
 */
public final class QemuDriver implements VirtDriver {
    private static final Logger log = LoggerFactory.getLogger(QemuDriver.class);
    private static final Pattern INSTANCE_DIR = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern QEMU_VERSION = Pattern.compile("version (\\d+\\.\\d+(\\.\\d+)?)");
    /** Each unplug request waits this much longer than the one before (Nova's libvirt driver: 2 s). */
    private static final Duration UNPLUG_WAIT_STEP = Duration.ofSeconds(2);
    private static final long GIB = 1024L * 1024 * 1024;

    private final QemuDriverConfig config;
    private final ProcessRunner runner;
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final Accelerator accelerator;
    private final String qemuVersion;
    private final ImageCache images;
    private final InstanceStore store;
    private final QemuMonitors monitors;
    private final InstanceProcesses processes;
    private final RootDisks rootDisks;
    private final ManagedSave managedSave;
    private final HotPlug hotPlug;
    private final InstanceLifecycle lifecycle;
    /** Per instance, never removed: a few bytes per instance this agent ever handled. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

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
        QemuCommand commands = new QemuCommand(config, accelerator, mapper);
        this.images = new ImageCache(config, runner, mapper);
        this.store = new InstanceStore(mapper);
        this.monitors = new QemuMonitors(mapper, config.monitorTimeout());
        this.processes = new InstanceProcesses(monitors);
        this.rootDisks = new RootDisks(config, runner, mapper, images);
        this.managedSave = new ManagedSave(config, monitors, processes);
        this.hotPlug = new HotPlug(config, commands, store, monitors, new DeviceUnplug(new DeviceUnplug.Retry(
                config.detachAttempts(), UNPLUG_WAIT_STEP, config.detachTimeout()), config.monitorTimeout()));
        this.lifecycle = new InstanceLifecycle(config, runner, accelerator, commands,
                new ConfigDriveBuilder(config, runner, mapper), store,
                new VncDisplays(config.firstVncDisplay(), config.vncDisplays()), monitors, processes, rootDisks,
                managedSave);
        for (InstanceLayout layout : instanceLayouts()) {
            store.read(layout).ifPresent(record -> lifecycle.claimDisplay(layout, record));
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
                InstanceStatus status = processes.observe(layout, existing.get());
                if (status.powerState().hasProcess()) {
                    log.info("spawn: already running instance={} state={}", spec.instanceId(), status.powerState());
                    return status;
                }
                return lifecycle.start(layout, existing.get().withSpec(spec));
            }
            return lifecycle.create(layout, spec);
        });
    }

    @Override
    public void destroy(String instanceId) {
        locked(instanceId, () -> {
            lifecycle.destroy(layout(instanceId));
            return null;
        });
    }

    @Override
    public void powerOff(String instanceId, Duration gracefulTimeout) {
        requireNonNull(gracefulTimeout, "gracefulTimeout");
        onInstance(instanceId, (layout, record) -> {
            InstanceStatus status = processes.observe(layout, record);
            if (status.powerState() == PowerState.SUSPENDED) {
                managedSave.discard(layout);
            }
            if (!status.powerState().hasProcess()) {
                processes.clearStalePidFile(layout);
                log.info("power off: not running instance={} state={}", instanceId, status.powerState());
                return;
            }
            lifecycle.shutDown(layout, status, gracefulTimeout, "power off");
        });
    }

    @Override
    public void powerOn(InstanceSpec spec) {
        requireNonNull(spec, "spec");
        onInstance(spec.instanceId(), (layout, record) -> {
            if (processes.observe(layout, record).powerState().hasProcess()) {
                log.info("power on: already running instance={}", spec.instanceId());
                return;
            }
            lifecycle.start(layout, record.withSpec(spec));
        });
    }

    @Override
    public void reboot(String instanceId, RebootType type) {
        requireNonNull(type, "type");
        onInstance(instanceId, (layout, record) -> {
            InstanceStatus status = processes.observe(layout, record);
            managedSave.discard(layout);
            if (status.powerState().hasProcess()) {
                Duration grace = type == RebootType.SOFT && status.powerState() == PowerState.RUNNING
                        ? config.softRebootTimeout() : Duration.ZERO;
                lifecycle.shutDown(layout, status, grace, type == RebootType.SOFT ? "soft reboot" : "hard reboot");
            }
            lifecycle.start(layout, record);
            log.info("instance rebooted instance={} type={}", instanceId, type);
        });
    }

    @Override
    public void pause(String instanceId) {
        onInstance(instanceId, (layout, record) -> lifecycle.switchRunState(layout,
                processes.observe(layout, record).powerState(), "pause", PowerState.RUNNING, PowerState.PAUSED,
                "stop"));
    }

    @Override
    public void unpause(String instanceId) {
        onInstance(instanceId, (layout, record) -> lifecycle.switchRunState(layout,
                processes.observe(layout, record).powerState(), "unpause", PowerState.PAUSED, PowerState.RUNNING,
                "cont"));
    }

    // ------------------------------------------------------------------------------------------ managed save

    @Override
    public void suspend(String instanceId) {
        onInstance(instanceId, (layout, record) -> {
            InstanceStatus status = processes.observe(layout, record);
            if (status.powerState() == PowerState.SUSPENDED) {
                return;
            }
            if (!status.powerState().hasProcess()) {
                throw new InvalidInstanceStateException(instanceId, "suspend", status.powerState());
            }
            managedSave.save(layout, status);
        });
    }

    @Override
    public void resume(String instanceId) {
        onInstance(instanceId, (layout, record) -> {
            PowerState state = processes.observe(layout, record).powerState();
            if (state == PowerState.RUNNING) {
                return;
            }
            InstanceLifecycle.requireState(instanceId, "resume", state, PowerState.SUSPENDED);
            lifecycle.start(layout, record);
        });
    }

    // --------------------------------------------------------------------------------------------- hot-plug

    @Override
    public void attachVolume(String instanceId, VolumeAttachment volume) {
        requireNonNull(volume, "volume");
        onInstance(instanceId, (layout, record) -> hotPlug.attachVolume(layout, record,
                processes.observe(layout, record).powerState(), volume));
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
            hotPlug.detachVolume(layout, record, processes.observe(layout, record).powerState(), volumeId);
        });
    }

    @Override
    public void attachInterface(String instanceId, Nic nic) {
        requireNonNull(nic, "nic");
        onInstance(instanceId, (layout, record) -> hotPlug.attachInterface(layout, record,
                processes.observe(layout, record).powerState(), nic));
    }

    @Override
    public void detachInterface(String instanceId, String tapDevice) {
        requireNonNull(tapDevice, "tapDevice");
        onInstance(instanceId, (layout, record) -> {
            if (record.spec().nics().stream().noneMatch(n -> n.tapDevice().equals(tapDevice))) {
                return;
            }
            hotPlug.detachInterface(layout, record, processes.observe(layout, record).powerState(), tapDevice);
        });
    }

    @Override
    public List<Nic> interfaces(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        return requireRecord(layout(instanceId)).spec().nics();
    }

    // -------------------------------------------------------------------------------------------- root disk

    @Override
    public void snapshot(String instanceId, Path target) {
        requireNonNull(target, "target");
        onInstance(instanceId, (layout, record) -> {
            if (record.spec().image() == null) {
                throw new DriverException("instance " + instanceId + " boots from a volume; snapshot the volume "
                        + "with the volume service instead");
            }
            PowerState state = processes.observe(layout, record).powerState();
            if (state == PowerState.SUSPENDED) {
                throw new InvalidInstanceStateException(instanceId, "snapshot", state);
            }
            boolean pause = state == PowerState.RUNNING;
            if (pause) {
                monitors.monitor(layout).execute("stop", null, config.monitorTimeout());
            }
            try {
                rootDisks.copy(layout, target);
            } finally {
                if (pause) {
                    monitors.monitor(layout).execute("cont", null, config.monitorTimeout());
                }
            }
            log.info("snapshot written instance={} paused={} bytes={}", instanceId, pause, FileTrees.sizeOf(target));
        });
    }

    // -------------------------------------------------------------------------------------------- observing

    /**
     * QMP {@code query-blockstats} of a running instance, for the metrics exporter; fails with a {@link QmpException}
     * when the VM is gone. Uses the instance's monitor connection, so it never waits for an operation in progress.
     */
    public JsonNode blockStats(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        return monitors.monitor(layout(instanceId)).execute("query-blockstats", null, config.monitorTimeout());
    }

    @Override
    public InstanceStatus state(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        InstanceLayout layout = layout(instanceId);
        return processes.observe(layout, requireRecord(layout));
    }

    @Override
    public List<InstanceStatus> list() {
        List<InstanceStatus> result = new ArrayList<>();
        for (InstanceLayout layout : instanceLayouts()) {
            readRecordQuietly(layout).ifPresent(record -> result.add(processes.observe(layout, record)));
        }
        return result;
    }

    @Override
    public String consoleLog(String instanceId, int maxBytes) {
        InstanceSpec.requireValidId(instanceId);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        InstanceLayout layout = layout(instanceId);
        requireRecord(layout);
        return ConsoleLog.tail(layout, maxBytes);
    }

    @Override
    public VncEndpoint vncEndpoint(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        InstanceLayout layout = layout(instanceId);
        InstanceRecord record = requireRecord(layout);
        PowerState state = processes.observe(layout, record).powerState();
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
            lifecycle.claimDisplay(layout, record.get());
            InstanceStatus status = processes.observe(layout, record.get());
            log.info("adopted running instance instance={} pid={} state={} vnc_display={}", layout.instanceId(),
                    status.pid().orElse(-1), status.powerState(), record.get().vncDisplay());
            adopted.add(status);
        }
        return adopted;
    }

    @Override
    public void close() {
        monitors.closeAll();
        lifecycle.close();
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

    /** Runs an action on an existing instance (InstanceNotFoundException otherwise) under the instance's lock. */
    private void onInstance(String instanceId, BiConsumer<InstanceLayout, InstanceRecord> action) {
        locked(instanceId, () -> {
            InstanceLayout layout = layout(instanceId);
            action.accept(layout, requireRecord(layout));
            return null;
        });
    }

    /** Serialises operations on one instance; different instances proceed in parallel. */
    private <T> T locked(String instanceId, Supplier<T> action) {
        InstanceSpec.requireValidId(instanceId);
        ReentrantLock lock = locks.computeIfAbsent(instanceId, id -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
