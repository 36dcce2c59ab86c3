package io.lightcloud.agent.driver.qemu;

import io.lightcloud.agent.driver.ImageSource;
import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.process.CommandResult;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launch latency of the QEMU driver against a plain shell launch of the same QEMU command line, run by
 * bench/qemu-launch-bench.sh. Per repetition, in alternating order: the driver's spawn (image cache lookup, overlay,
 * config drive, record, QEMU, QMP) timed until it returns with QMP reporting {@code running} and until the guest's
 * first marker; and bench/raw-qemu-launch.sh running the driver's command line on a fresh overlay and a copy of the
 * config drive prepared beforehand, timed until QEMU's daemonizing parent returns (the VM is running then) and until
 * the marker. A first driver spawn warms caches and provides the command line; it is not counted.
 *
 * <pre>QemuLaunchBench INSTANCES_DIR IMAGE RUNS RAW_SCRIPT</pre>
 */
public final class QemuLaunchBench {
    private static final Pattern RAW_RESULT = Pattern.compile("running_ms=(\\d+) marker_ms=(\\d+)");
    private static final Duration MARKER_TIMEOUT = Duration.ofSeconds(120);

    private QemuLaunchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path instancesDir = Path.of(args[0]);
        Path image = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path rawScript = Path.of(args[3]);
        ProcessRunner runner = new ProcessRunner();
        try (QemuDriver driver = new QemuDriver(QemuDriverConfig.defaults(instancesDir), runner)) {
            System.out.println("accelerator: " + driver.accelerator().qemuName());
            Path template = instancesDir.resolve("raw-template");
            InstanceSpec warmup = spec(image);
            driver.spawn(warmup);
            awaitMarker(instancesDir.resolve(warmup.instanceId()).resolve("console.log"), System.nanoTime());
            List<String> command = driver.lastCommand(warmup.instanceId());
            Files.createDirectories(template);
            Files.copy(instancesDir.resolve(warmup.instanceId()).resolve("config.iso"), template.resolve("config.iso"));
            driver.destroy(warmup.instanceId());
            System.out.println("qemu command line: " + shellQuoted(command));

            List<Long> driverRunning = new ArrayList<>();
            List<Long> driverMarker = new ArrayList<>();
            List<Long> rawRunning = new ArrayList<>();
            List<Long> rawMarker = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                for (int step = 0; step < 2; step++) {
                    boolean driverTurn = (run + step) % 2 == 0;
                    long[] ms = driverTurn ? driverRun(driver, image, instancesDir)
                            : rawRun(runner, rawScript, command, warmup.instanceId(), instancesDir, template);
                    (driverTurn ? driverRunning : rawRunning).add(ms[0]);
                    (driverTurn ? driverMarker : rawMarker).add(ms[1]);
                    System.out.printf(Locale.ROOT, "run %d %-6s running_ms=%d marker_ms=%d%n", run,
                            driverTurn ? "driver" : "raw", ms[0], ms[1]);
                }
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "median to QEMU running:  driver %d ms, raw %d ms, driver adds %d ms (%.2fx)%n",
                    median(driverRunning), median(rawRunning), median(driverRunning) - median(rawRunning),
                    (double) median(driverRunning) / median(rawRunning));
            System.out.printf(Locale.ROOT, "median to guest marker:  driver %d ms, raw %d ms, driver adds %d ms (%.2fx)%n",
                    median(driverMarker), median(rawMarker), median(driverMarker) - median(rawMarker),
                    (double) median(driverMarker) / median(rawMarker));
        }
    }

    private static long[] driverRun(QemuDriver driver, Path image, Path instancesDir) throws IOException {
        InstanceSpec spec = spec(image);
        long start = System.nanoTime();
        try {
            driver.spawn(spec);
            long running = System.nanoTime();
            long marker = awaitMarker(instancesDir.resolve(spec.instanceId()).resolve("console.log"), start);
            return new long[] {(running - start) / 1_000_000, (marker - start) / 1_000_000};
        } finally {
            driver.destroy(spec.instanceId());
        }
    }

    private static long[] rawRun(ProcessRunner runner, Path rawScript, List<String> template, String templateId,
            Path instancesDir, Path templateDir) throws IOException {
        String id = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(instancesDir.resolve("raw-" + id));
        Path templateInstanceDir = instancesDir.resolve(templateId);
        try {
            runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b",
                    instancesDir.resolve("_base/lightcloud-test").toString(), dir.resolve("disk").toString(), "1G"),
                    Duration.ofSeconds(30));
            Files.copy(templateDir.resolve("config.iso"), dir.resolve("config.iso"));
            StringBuilder nulSeparated = new StringBuilder();
            for (String arg : template) {
                nulSeparated.append(arg.replace(templateInstanceDir.toString(), dir.toString())
                        .replace(templateId, id)).append('\0');
            }
            Path commandFile = dir.resolve("command");
            Files.writeString(commandFile, nulSeparated, StandardCharsets.UTF_8);
            CommandResult result = runner.run(List.of(rawScript.toString(), commandFile.toString(), dir.toString()),
                    MARKER_TIMEOUT);
            Matcher m = RAW_RESULT.matcher(result.stdout());
            if (!m.find()) {
                throw new IllegalStateException("unexpected output of " + rawScript + ": " + result.stdout());
            }
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        } finally {
            FileTrees.deleteRecursively(dir);
        }
    }

    private static InstanceSpec spec(Path image) {
        String id = UUID.randomUUID().toString();
        return new InstanceSpec(id, "bench", 1, 256, 1, new ImageSource("lightcloud-test", image, "qcow2"),
                new InstanceMetadata("bench", null, null, 0, Map.of(), Map.of(), null, null, null), true, List.of(),
                List.of());
    }

    private static long awaitMarker(Path consoleLog, long start) throws IOException {
        while (true) {
            if (Files.exists(consoleLog)
                    && Files.readString(consoleLog, StandardCharsets.ISO_8859_1).contains("LIGHTCLOUD-MARKER")) {
                return System.nanoTime();
            }
            if (System.nanoTime() - start > MARKER_TIMEOUT.toNanos()) {
                throw new IllegalStateException("no marker in " + consoleLog);
            }
            QemuProcesses.sleep(Duration.ofMillis(20));
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String shellQuoted(List<String> argv) {
        return String.join(" ", argv.stream()
                .map(a -> a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'").toList());
    }
}
