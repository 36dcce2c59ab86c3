package io.lightcloud.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a host command (ip, nft, curl, ...) for tests that look at what the agents did to this machine. */
public final class HostCommands {
    private HostCommands() {
    }

    /**
     * Runs the command and returns what it printed, standard error included; a failing command is not an error here
     * (callers assert on the output), a hanging one is ended after 60 seconds.
     */
    public static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
