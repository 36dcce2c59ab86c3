package io.lightcloud.server.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/** Makes and inspects disk images with qemu-img and qemu-io, to check what the volume service wrote. */
final class QemuFiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private QemuFiles() {
    }

    static void create(Path file, String format, String size) {
        run("qemu-img", "create", "-q", "-f", format, file.toString(), size);
    }

    static void writePattern(Path file, String format, int pattern, String length) {
        String result = run("qemu-io", "-f", format, "-c", "write -P " + pattern + " 0 " + length, file.toString());
        if (!result.startsWith("0:")) {
            throw new AssertionError("qemu-io write failed: " + result);
        }
    }

    /** Whether the first {@code length} bytes of the image hold the pattern (qemu-io read -P). */
    static boolean holdsPattern(Path file, String format, int pattern, String length) {
        return run("qemu-io", "-f", format, "-c", "read -P " + pattern + " 0 " + length, file.toString())
                .startsWith("0:");
    }

    static long virtualSize(Path file, String format) {
        String result = run("qemu-img", "info", "--output=json", "-f", format, file.toString());
        if (!result.startsWith("0:")) {
            throw new AssertionError("qemu-img info failed: " + result);
        }
        return JSON.readTree(result.substring(2)).get("virtual-size").longValue();
    }

    /** Runs a command; answers its exit code, a colon and its output. */
    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " timed out");
            }
            if (process.exitValue() != 0 && command[0].equals("qemu-img") && command[1].equals("create")) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
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
