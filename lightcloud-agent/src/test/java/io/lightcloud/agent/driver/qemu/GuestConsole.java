package io.lightcloud.agent.driver.qemu;

import io.lightcloud.agent.driver.VirtDriver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the test image's serial console through the driver: its {@code LIGHTCLOUD-MARKER} lines (see
 * test-image/README.md), with the {@code \r} of serial line ends stripped.
 */
final class GuestConsole {
    private static final int LOG_BYTES = 1024 * 1024;
    private static final String MARKER = "LIGHTCLOUD-MARKER ";

    private final VirtDriver driver;
    private final String instanceId;

    GuestConsole(VirtDriver driver, String instanceId) {
        this.driver = driver;
        this.instanceId = instanceId;
    }

    /** The lines the guest has ended; the one it may be writing right now does not count yet. */
    List<String> lines() {
        String text = driver.consoleLog(instanceId, LOG_BYTES).replace("\r", "");
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }

    /** Every marker so far, oldest first, as key=value maps. */
    List<Map<String, String>> markers() {
        return lines().stream().filter(line -> line.startsWith(MARKER)).map(GuestConsole::parse).toList();
    }

    /** How many times the guest has booted: markers with seq=1. */
    long boots() {
        return markers().stream().filter(m -> m.get("seq").equals("1")).count();
    }

    /** Waits for a marker after the first {@code skip} markers that matches; fails with the console tail if none. */
    Map<String, String> awaitMarker(int skip, Predicate<Map<String, String>> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Map<String, String>> markers = markers();
            for (Map<String, String> marker : markers.subList(Math.min(skip, markers.size()), markers.size())) {
                if (wanted.test(marker)) {
                    return marker;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("no matching marker within " + timeout.toSeconds() + " s" + tail());
            }
            sleep();
        }
    }

    /** Waits for the first marker of the next boot (seq=1 after {@code bootsBefore} earlier boots). */
    Map<String, String> awaitBoot(long bootsBefore, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Map<String, String>> firsts = markers().stream().filter(m -> m.get("seq").equals("1")).toList();
            if (firsts.size() > bootsBefore) {
                return firsts.get((int) bootsBefore);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("guest did not boot again within " + timeout.toSeconds() + " s" + tail());
            }
            sleep();
        }
    }

    boolean contains(String line) {
        return lines().contains(line);
    }

    void awaitLine(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!contains(line)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("console has no line \"" + line + "\" after " + timeout.toSeconds() + " s"
                        + tail());
            }
            sleep();
        }
    }

    private String tail() {
        List<String> lines = lines();
        return "; console tail:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : line.substring(MARKER.length()).strip().split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return fields;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
