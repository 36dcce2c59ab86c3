package io.lightcloud.agent.process;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external commands with a timeout and captured output. A command that times out is killed together with its
 * children. Output readers are given a short grace period after the process exits, because a daemonizing child (QEMU
 * with {@code -daemonize}) may still hold the pipes for a moment after its parent has returned.
 */
public class ProcessRunner {
    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
    private static final int MAX_CAPTURE_BYTES = 4 * 1024 * 1024;
    private static final Duration READER_GRACE = Duration.ofSeconds(2);
    private static final File DEV_NULL = new File("/dev/null");

    /** Runs a command and fails unless it exits with status 0 within the timeout. */
    public CommandResult run(List<String> command, Duration timeout) {
        CommandResult result = runAllowingFailure(command, timeout);
        if (result.exitCode() != 0) {
            throw new CommandException(command, result.exitCode(), result.stderr(),
                    "exited with status " + result.exitCode(), null);
        }
        return result;
    }

    /** Runs a command with {@code stdin} as its standard input and fails unless it exits with status 0. */
    public CommandResult run(List<String> command, String stdin, Duration timeout) {
        requireNonNull(stdin, "stdin");
        CommandResult result = runWithInput(command, stdin, timeout);
        if (result.exitCode() != 0) {
            throw new CommandException(command, result.exitCode(), result.stderr(),
                    "exited with status " + result.exitCode(), null);
        }
        return result;
    }

    /** Runs a command and returns whatever status it exited with; fails only if it cannot start or times out. */
    public CommandResult runAllowingFailure(List<String> command, Duration timeout) {
        return runWithInput(command, null, timeout);
    }

    private CommandResult runWithInput(List<String> command, String stdin, Duration timeout) {
        requireNonNull(timeout, "timeout");
        List<String> argv = List.copyOf(command);
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(stdin == null
                    ? ProcessBuilder.Redirect.from(DEV_NULL) : ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new CommandException(argv, -1, "", "could not be started (" + e.getMessage() + ")", e);
        }
        if (stdin != null) {
            feed(process, stdin);
        }
        Capture stdout = Capture.start(process.getInputStream(), "stdout");
        Capture stderr = Capture.start(process.getErrorStream(), "stderr");
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new CommandException(argv, -1, stderr.text(), "interrupted", e);
        }
        if (!exited) {
            kill(process);
            stderr.await(READER_GRACE);
            throw new CommandException(argv, -1, stderr.text(), "timed out after " + timeout.toMillis() + " ms", null);
        }
        stdout.await(READER_GRACE);
        stderr.await(READER_GRACE);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        log.debug("command finished program={} status={} elapsed_ms={}", argv.get(0), process.exitValue(),
                elapsed.toMillis());
        return new CommandResult(argv, process.exitValue(), stdout.text(), stderr.text(), elapsed);
    }

    /** Writes the input on its own thread, so a command that writes much before reading cannot block us. */
    private static void feed(Process process, String stdin) {
        Thread writer = new Thread(() -> {
            try (var out = process.getOutputStream()) {
                out.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                log.debug("writing a command's input failed: {}", e.getMessage());
            }
        }, "process-stdin");
        writer.setDaemon(true);
        writer.start();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drains one output stream on its own thread, keeping at most {@link #MAX_CAPTURE_BYTES}. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        private Capture(InputStream in, String name) {
            this.in = in;
            this.thread = new Thread(this, "process-" + name);
            this.thread.setDaemon(true);
        }

        static Capture start(InputStream in, String name) {
            Capture capture = new Capture(in, name);
            capture.thread.start();
            return capture;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        if (buffer.size() < MAX_CAPTURE_BYTES) {
                            buffer.write(chunk, 0, Math.min(n, MAX_CAPTURE_BYTES - buffer.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // The stream was closed under us after the grace period; what was read so far is kept.
            }
        }

        void await(Duration grace) {
            try {
                thread.join(grace.toMillis());
                if (thread.isAlive()) {
                    in.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                log.debug("closing a command's output stream failed: {}", e.getMessage());
            }
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
