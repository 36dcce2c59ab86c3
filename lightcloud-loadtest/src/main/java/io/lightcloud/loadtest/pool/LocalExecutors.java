package io.lightcloud.loadtest.pool;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.lightcloud.loadtest.LoadtestSettings;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one's own executors: child processes of the controller, each with a managed credential (a fresh secret at
 * every start, written to {@code <data dir>/loadtest/local-executor-N.credential}, mode 0600), restarted when one
 * exits, stopped with the controller. They run the same {@code LoadgenMain} as an executor installed elsewhere.
 */
public final class LocalExecutors implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalExecutors.class);

    private final ExecutorRepository executors;
    private final Path dataDir;
    private final LoadtestSettings settings;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "loadtest-local-executors");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;
    private int port;

    public LocalExecutors(ExecutorRepository executors, Path dataDir, LoadtestSettings settings) {
        this.executors = requireNonNull(executors, "executors is null");
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Starts the executors against the controller listening on {@code port} of this host. */
    public synchronized void start(int listeningPort) {
        if (port != 0 || settings.localExecutors() == 0 && !settings.autoscale()) {
            return;
        }
        port = listeningPort;
        scaleTo(settings.localExecutors());
        supervisor.scheduleWithFixedDelay(this::supervise, 5, 5, TimeUnit.SECONDS);
    }

    public synchronized int count() {
        return processes.size();
    }

    /**
     * Starts or stops children until {@code target} run (within the pool's minimum and maximum). A stopped child's
     * executor is removed from the pool, so it is never waited for.
     */
    public synchronized void scaleTo(int target) {
        int bounded = Math.max(settings.localExecutors(), Math.min(target, Math.max(settings.localExecutors(),
                settings.autoscaleMaxExecutors())));
        if (port == 0 || closed) {
            return;
        }
        while (processes.size() < bounded) {
            processes.add(launch(processes.size()));
        }
        while (processes.size() > bounded) {
            int last = processes.size() - 1;
            processes.remove(last).destroy();
            executors.delete(ids.remove(last));
            log.info("local executor local-{} released", last);
        }
    }

    private synchronized void supervise() {
        for (int i = 0; i < processes.size() && !closed; i++) {
            if (!processes.get(i).isAlive()) {
                log.warn("local executor {} exited with {}; starting it again", i, processes.get(i).exitValue());
                Process replacement = launch(i);
                processes.set(i, replacement);
            }
        }
    }

    private Process launch(int index) {
        String name = "local-" + index;
        String secret = ExecutorCredentials.newSecret();
        Optional<ExecutorView> existing = executors.list().stream()
                .filter(e -> e.managed() && e.name().equals(name)).findFirst();
        String id = existing.map(ExecutorView::id).orElseGet(() -> java.util.UUID.randomUUID().toString());
        if (existing.isPresent()) {
            executors.rotate(id, ExecutorCredentials.hash(secret));
        } else {
            executors.create(id, name, ExecutorCredentials.hash(secret), true);
        }
        if (index < ids.size()) {
            ids.set(index, id);
        } else {
            ids.add(id);
        }
        try {
            Path dir = Files.createDirectories(dataDir.resolve("loadtest"));
            Path credential = dir.resolve("local-executor-" + index + ".credential");
            Files.deleteIfExists(credential);
            Files.createFile(credential, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(credential, id + ":" + secret);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:+UseSerialGC", "-Xmx256m"));
            command.addAll(mainClassArguments(System.getProperty("java.class.path")));
            command.addAll(List.of("--controller", "http://127.0.0.1:" + port, "--credential-file",
                    credential.toString(), "--hostname", name, "--capacity-users",
                    Integer.toString(settings.executorCapacityUsers()), "--capacity-rate",
                    Double.toString(settings.executorCapacityRate())));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
            log.info("local executor {} started (pid {})", name, process.pid());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start local executor " + name, e);
        }
    }

    /** From the controller's executable jar, Spring Boot's launcher runs the executor's main class out of it. */
    static List<String> mainClassArguments(String classPath) {
        return isBootJar(classPath)
                ? List.of("-cp", classPath, "-Dloader.main=io.lightcloud.loadgen.LoadgenMain",
                        "org.springframework.boot.loader.launch.PropertiesLauncher")
                : List.of("-cp", classPath, "io.lightcloud.loadgen.LoadgenMain");
    }

    private static boolean isBootJar(String classPath) {
        if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        supervisor.shutdownNow();
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
