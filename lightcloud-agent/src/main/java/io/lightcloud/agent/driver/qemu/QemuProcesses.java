package io.lightcloud.agent.driver.qemu;

import io.lightcloud.agent.driver.DriverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops the QEMU process of an instance through its pid file and {@code /proc}. A pid is only trusted if
 * the process is a live (not zombie) {@code qemu-system-*} whose command line carries the instance's {@code -uuid},
 * so a pid reused by another process after a crash is never signalled.
 */
final class QemuProcesses {
    private static final Logger log = LoggerFactory.getLogger(QemuProcesses.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private QemuProcesses() {
    }

    static OptionalLong readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("unreadable pid file path={} error=\"{}\"", pidFile, e.getMessage());
            return OptionalLong.empty();
        }
    }

    /** Whether {@code pid} is a live QEMU process started for this instance. */
    static boolean isInstanceQemu(long pid, String instanceId) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            // The state follows the parenthesised command name, which may itself contain spaces or ')'.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
            if (afterName.startsWith("Z") || afterName.startsWith("X")) {
                return false;
            }
            List<String> argv = Arrays.asList(
                    new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
            if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().startsWith("qemu-system-")) {
                return false;
            }
            int uuid = argv.indexOf("-uuid");
            return uuid >= 0 && uuid + 1 < argv.size() && argv.get(uuid + 1).equals(instanceId);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.debug("cannot inspect process pid={} error=\"{}\"", pid, e.getMessage());
            return false;
        }
    }

    /** The pid of the instance's live QEMU process, if there is one. */
    static OptionalLong livePid(InstanceLayout layout) {
        OptionalLong pid = readPid(layout.pidFile());
        return pid.isPresent() && isInstanceQemu(pid.getAsLong(), layout.instanceId()) ? pid : OptionalLong.empty();
    }

    /** Waits for the process to go away; true if it did within the timeout. */
    static boolean awaitExit(long pid, String instanceId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isInstanceQemu(pid, instanceId)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            sleep(POLL);
        }
        return true;
    }

    /** SIGTERM (QEMU then exits cleanly), SIGKILL after {@code termGrace}; returns once the process is gone. */
    static void kill(long pid, String instanceId, Duration termGrace) {
        if (!isInstanceQemu(pid, instanceId)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (awaitExit(pid, instanceId, termGrace)) {
            return;
        }
        log.warn("qemu ignored SIGTERM, killing instance={} pid={}", instanceId, pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (!awaitExit(pid, instanceId, Duration.ofSeconds(10))) {
            throw new DriverException("QEMU process " + pid + " of instance " + instanceId + " does not die");
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted", e);
        }
    }
}
