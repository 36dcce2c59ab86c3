package io.lightcloud.volume.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Writes and verifies byte patterns in images with qemu-io, to prove that data survives copies. */
final class QemuIo {
    private QemuIo() {
    }

    static void write(Path image, String format, int pattern, long offset, String length) {
        String output = run(image, format, "write -P " + pattern + " " + offset + " " + length);
        if (!output.startsWith("0:")) {
            throw new AssertionError("qemu-io write failed on " + image + ": " + output);
        }
    }

    /** Whether the range holds the pattern, byte for byte. */
    static boolean holds(Path image, String format, int pattern, long offset, String length) {
        return run(image, format, "read -P " + pattern + " " + offset + " " + length).startsWith("0:");
    }

    private static String run(Path image, String format, String command) {
        try {
            Process process = new ProcessBuilder("qemu-io", "-f", format, "-c", command, image.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("qemu-io timed out");
            }
            return process.exitValue() + ":" + output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
