package io.lightcloud.monitoring.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process the controller keeps running: started with its output appended to a log file, restarted with
 * back-off (1 s doubling to 30 s) when it dies, stopped with SIGTERM (then SIGKILL after 10 s) on {@link #stop}.
 * Its pid is kept in a file so that a child orphaned by a controller that was killed is ended at the next start
 * instead of holding the port and the data directory's lock.
 */
public final class SupervisedProcess {
    private static final Logger log = LoggerFactory.getLogger(SupervisedProcess.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Path pidFile;
    private volatile boolean running;
    private volatile Process process;
    private volatile int restarts;
    private Thread watcher;

    public SupervisedProcess(String name, List<String> command, Path workDir) {
        this.name = requireNonNull(name, "name is null");
        this.command = List.copyOf(command);
        this.logFile = workDir.resolve(name + ".log");
        this.pidFile = workDir.resolve(name + ".pid");
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        endOrphan();
        running = true;
        launch();
        watcher = new Thread(this::watch, "supervise-" + name);
        watcher.setDaemon(true);
        watcher.start();
    }

    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        watcher.interrupt();
        Process current = process;
        if (current != null) {
            terminate(current.toHandle());
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.debug("pid file not removed process={} error=\"{}\"", name, e.getMessage());
        }
        log.info("stopped supervised process process={}", name);
    }

    public Optional<Long> pid() {
        Process current = process;
        return current != null && current.isAlive() ? Optional.of(current.pid()) : Optional.empty();
    }

    public int restarts() {
        return restarts;
    }

    private void launch() {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
            log.info("started supervised process process={} pid={} log={}", name, process.pid(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " (" + command.get(0) + ")", e);
        }
    }

    private void watch() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                int exit = process.waitFor();
                if (!running) {
                    return;
                }
                log.warn("supervised process died, restarting process={} exit={} backoff_ms={} log={}", name, exit,
                        backoff.toMillis(), logFile);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                synchronized (this) {
                    if (!running) {
                        return;
                    }
                    restarts++;
                    launch();
                }
            } catch (InterruptedException e) {
                return;
            } catch (UncheckedIOException e) {
                log.warn("supervised process could not be restarted process={} error=\"{}\"", name, e.getMessage());
            }
        }
    }

    /** Ends the process a previous controller left behind, if the pid file names a live process of our binary. */
    private void endOrphan() {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.equals(command.get(0))
                            || Path.of(c).getFileName().equals(Path.of(command.get(0)).getFileName())).orElse(false))
                    .ifPresent(h -> {
                        log.warn("ending orphaned process of a previous controller process={} pid={}", name, pid);
                        terminate(h);
                    });
        } catch (IOException | NumberFormatException e) {
            log.debug("no usable pid file process={} error=\"{}\"", name, e.getMessage());
        }
    }

    private static void terminate(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }
}
