package io.lightcloud.agent.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A {@code /proc} tree of simulated QEMU processes, laid out as Linux lays it out, for the exporter's real code. */
final class FakeProc {
    static final String HEADER = "Inter-|   Receive                                                |  Transmit\n"
            + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls "
            + "carrier compressed\n";

    private final Path root;

    FakeProc(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** A QEMU process with a main thread and one thread per vCPU; vCPU n has used (n + 1) * 150 ticks. */
    void process(long pid, int vcpus, long rssPages, String namespace, List<String> taps) {
        try {
            Path dir = root.resolve(Long.toString(pid));
            thread(dir, pid, "qemu-system-x86", 7);
            for (int n = 0; n < vcpus; n++) {
                thread(dir, pid + 1 + n, "CPU " + n + "/TCG", (n + 1) * 150L);
            }
            Files.writeString(dir.resolve("statm"), "200000 " + rssPages + " 3000 800 0 90000 0\n");
            Files.createDirectories(dir.resolve("ns"));
            Files.createSymbolicLink(dir.resolve("ns").resolve("net"), Path.of("net:[" + namespace + "]"));
            StringBuilder dev = new StringBuilder(HEADER)
                    .append("    lo:  100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n");
            for (int i = 0; i < taps.size(); i++) {
                dev.append(String.format("%s: %d %d 0 %d 0 0 0 0 %d %d 0 %d 0 0 0 0%n", taps.get(i), 1000 + i,
                        10 + i, 1, 5000 + i, 50 + i, 2));
            }
            Files.createDirectories(dir.resolve("net"));
            Files.writeString(dir.resolve("net").resolve("dev"), dev.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(long pid) {
        try (Stream<Path> paths = Files.walk(root.resolve(Long.toString(pid)))) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void thread(Path dir, long tid, String comm, long ticks) throws IOException {
        Path task = dir.resolve("task").resolve(Long.toString(tid));
        Files.createDirectories(task);
        Files.writeString(task.resolve("comm"), comm + "\n");
        Files.writeString(task.resolve("stat"), tid + " (" + comm + ") S 1 " + tid + " " + tid
                + " 0 -1 4194368 100 0 0 0 " + (ticks - ticks / 3) + " " + ticks / 3
                + " 0 0 20 0 3 0 12345 1000000 500 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
    }
}
