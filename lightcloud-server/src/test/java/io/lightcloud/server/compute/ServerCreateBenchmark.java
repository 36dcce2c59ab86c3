package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Create-to-ACTIVE latency of a server through the Nova API with the in-process agent and real QEMU (TCG), against
 * bench/raw-qemu-launch.sh starting the same QEMU command line on the same disk in the same run. Run by
 * bench/server-create-bench.sh, which sets {@code lightcloud.bench.server-create} to the result file.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "lightcloud.bench.server-create", matches = ".+")
class ServerCreateBenchmark extends LocalAgentServerTestBase {
    @Test
    void createToActiveAgainstRawLaunch() throws IOException, InterruptedException {
        int runs = Integer.getInteger("lightcloud.bench.runs", 5);
        Path rawScript = Path.of(System.getProperty("lightcloud.bench.raw-script"));
        String flavor = fixture.flavor(unique("bench"), 1, 256, 1);
        String image = testImage(unique("bench-image"));
        // One unmeasured server puts the image into the host's cache, as on any host that booted it before.
        String warm = fixture.createServer(admin, fixture.serverBody(unique("warm"), flavor, image));
        awaitServer(warm, status("ACTIVE"), "ACTIVE");
        fixture.nova("DELETE", "/servers/" + warm, admin, null);

        List<Long> active = new ArrayList<>();
        List<Long> marker = new ArrayList<>();
        List<Long> rawRunning = new ArrayList<>();
        List<Long> rawMarker = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            String id = fixture.createServer(admin, fixture.serverBody(unique("bench"), flavor, image));
            awaitServer(id, s -> s.get("status").stringValue().equals("ACTIVE"), "ACTIVE", 20);
            active.add((System.nanoTime() - start) / 1_000_000);
            awaitBoot(id, 1, 20);
            marker.add((System.nanoTime() - start) / 1_000_000);

            fixture.action(admin, id, Map.of("os-stop", Map.of()), 202);
            awaitServer(id, status("SHUTOFF"), "SHUTOFF");
            Path dir = INSTANCES.resolve(id);
            JsonNode record = JsonMapper.builder().build().readTree(Files.readAllBytes(dir.resolve("instance.json")));
            StringBuilder command = new StringBuilder();
            record.get("command").forEach(arg -> command.append(arg.stringValue()).append('\0'));
            Path commandFile = DIR.resolve("command-" + run);
            Files.writeString(commandFile, command, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("console.log"), "");
            // The agent would take the VM's QMP socket (QEMU serves one client) and stop the VM of a SHUTOFF server.
            agent.stop();
            Process raw = new ProcessBuilder(rawScript.toString(), commandFile.toString(), dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = raw.waitFor();
            agent.start();
            assertThat(exit).as(out).isZero();
            rawRunning.add(Long.parseLong(out.replaceAll(".*running_ms=(\\d+).*", "$1")));
            rawMarker.add(Long.parseLong(out.replaceAll(".*marker_ms=(\\d+).*", "$1")));
            fixture.nova("DELETE", "/servers/" + id, admin, null);
            awaitGone(id);
        }
        long a = median(active);
        long r = median(rawRunning);
        String result = String.format(java.util.Locale.ROOT, """
                runs=%d
                create_to_active_ms=%s median=%d
                raw_launch_running_ms=%s median=%d
                difference_ms=%d (goal <= 500)
                ratio=%.2f (goal <= 1.5)
                create_to_marker_ms=%s median=%d
                raw_launch_marker_ms=%s median=%d
                """, runs, active, a, rawRunning, r, a - r, (double) a / r, marker, median(marker), rawMarker,
                median(rawMarker));
        Files.writeString(Path.of(System.getProperty("lightcloud.bench.server-create")), result);
    }

    private void awaitGone(String id) {
        Instant deadline = Instant.now().plus(BOOT);
        while (Files.exists(INSTANCES.resolve(id)) || fixture.nova("GET", "/servers/" + id, admin, null)
                .status() != 404) {
            assertThat(Instant.now()).isBefore(deadline);
            sleepMillis(100);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
