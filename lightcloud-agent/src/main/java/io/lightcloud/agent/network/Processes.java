package io.lightcloud.agent.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The daemons the agent leaves running (dnsmasq, socat), found again through their pid files. */
final class Processes {
    private Processes() {
    }

    /** The live process recorded in {@code pidFile} whose command line contains {@code marker}. */
    static Optional<ProcessHandle> running(Path pidFile, String marker) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
            Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
            if (!Files.exists(cmdline)) {
                return Optional.empty();
            }
            String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            return text.contains(marker) ? ProcessHandle.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, then SIGKILL if the process is still there after two seconds. */
    static void terminate(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
