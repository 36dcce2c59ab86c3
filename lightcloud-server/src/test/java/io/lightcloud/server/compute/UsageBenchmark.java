package io.lightcloud.server.compute;

import io.lightcloud.server.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code os-simple-tenant-usage} benchmark of issue 13: starts the controller (H2), creates one server through
 * the API on a {@link SimulatedAgent} host, then clones it in the database into {@code <instances>} instances of
 * one project with ledger intervals over the last 35 days (a simulated inventory: every third instance resized
 * once, every fourth deleted, at seeded random times). It runs wrk against the usage of the last 30 days
 * (list, and the project's detailed usage at 2.1 and at 2.40 with Nova's default page of 1,000) and, as the
 * baseline in the same run on the same database, {@code GET /servers/detail?limit=1000}. Run by
 * {@code bench/usage-bench.sh}.
 *
 * <p>Arguments: {@code <instances> <seconds per run> <connections...>}.
 */
public final class UsageBenchmark {
    private UsageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int instances = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        try (BenchController server = BenchController.start("lightcloud-usage-bench-",
                "--logging.level.io.lightcloud.compute.usage=WARN")) {
            ApiClient api = server.api();
            String admin = server.admin();
            ComputeFixture fixture = server.fixture();
            String project = fixture.adminProjectId();
            String template;
            try (SimulatedAgent agent = SimulatedAgent.start(api, admin, "bench-host", 64, 1L << 20, 10_000,
                    "bench")) {
                Map<String, Object> body = fixture.serverBody("template", fixture.flavor("bench-tiny", 1, 64, 1),
                        fixture.image("bench-image"));
                body.put("availability_zone", "bench");
                template = fixture.createServer(admin, body);
                agent.converge();
            }
            long started = System.nanoTime();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            populate(server.context().getBean(JdbcClient.class), template, instances, now);
            System.out.printf("setup: %d instances with ledger intervals written in %.1f s%n", instances,
                    (System.nanoTime() - started) / 1e9);

            String period = "start=" + now.minus(Duration.ofDays(30)).toString().replace("Z", "") + "&end="
                    + now.toString().replace("Z", "");
            String base = api.baseUrl() + "/compute/v2.1";
            Map<String, String> urls = new java.util.LinkedHashMap<>();
            urls.put("baseline GET /servers/detail?limit=1000 (2.90)", base + "/servers/detail?limit=1000|2.90");
            urls.put("GET /os-simple-tenant-usage (list, 2.1, all instances)",
                    base + "/os-simple-tenant-usage?" + period + "|2.1");
            urls.put("GET /os-simple-tenant-usage/{project} (detailed, 2.40, page of 1000)",
                    base + "/os-simple-tenant-usage/" + project + "?" + period + "|2.40");
            urls.put("GET /os-simple-tenant-usage/{project} (detailed, 2.1, all instances)",
                    base + "/os-simple-tenant-usage/" + project + "?" + period + "|2.1");
            for (Map.Entry<String, String> entry : urls.entrySet()) {
                String[] target = entry.getValue().split("\\|");
                ApiClient.Response sample = api.send("GET", target[0].substring(api.baseUrl().length()), admin,
                        null, Map.of("OpenStack-API-Version", "compute " + target[1]));
                System.out.printf("response: %s -> HTTP %d, %d KiB%n", entry.getKey(), sample.status(),
                        sample.text().getBytes(StandardCharsets.UTF_8).length / 1024);
                wrk(target[0], target[1], admin, Math.max(2, seconds / 3), 1, null);
                for (int i = 2; i < args.length; i++) {
                    wrk(target[0], target[1], admin, seconds, Integer.parseInt(args[i]), entry.getKey());
                }
            }
        }
    }

    /** Clones the template instance and writes each clone's ledger intervals, seeded so runs compare. */
    private static void populate(JdbcClient jdbc, String template, int instances, Instant now) {
        Random random = new Random(13);
        for (int i = 0; i < instances; i++) {
            String id = UUID.randomUUID().toString();
            Instant launched = now.minus(Duration.ofMinutes(60 + random.nextInt(35 * 24 * 60)));
            long lifeMinutes = Duration.between(launched, now).toMinutes();
            Instant deleted = i % 4 == 0 ? launched.plus(Duration.ofMinutes(1 + random.nextLong(lifeMinutes)))
                    : null;
            jdbc.sql("""
                    INSERT INTO compute_instance (id, project_id, user_id, name, hostname, reservation_id,
                        launch_index, flavor_id, flavor, image_id, image_meta, availability_zone, config_drive,
                        desired_power, vm_state, power_state, launched_at, terminated_at, created_at, updated_at,
                        deleted_at)
                    SELECT ?, project_id, user_id, ?, hostname, reservation_id, 0, flavor_id, flavor, image_id,
                        image_meta, availability_zone, config_drive, desired_power, 'active', 1, ?, ?, ?, ?, ?
                    FROM compute_instance WHERE id = ?""")
                    .params(id, String.format("usage-%05d", i), utc(launched), utc(deleted), utc(launched),
                            utc(launched), utc(deleted), template)
                    .update();
            Instant end = deleted == null ? null : deleted;
            if (i % 3 == 0) {
                Instant resized = launched.plus(Duration.ofSeconds(Duration.between(launched,
                        end == null ? now : end).toSeconds() / 2));
                interval(jdbc, id, 1, 64, launched, launched, resized, false);
                interval(jdbc, id, 2, 128, launched, resized, end, end == null);
            } else {
                interval(jdbc, id, 1, 64, launched, launched, end, end == null);
            }
        }
    }

    private static void interval(JdbcClient jdbc, String id, int vcpus, long memoryMb, Instant launched,
            Instant from, Instant to, boolean open) {
        jdbc.sql("""
                INSERT INTO compute_usage_interval (instance_id, project_id, user_id, flavor_id, flavor_name, vcpus,
                    memory_mb, root_gb, ephemeral_gb, launched_at, started_at, ended_at, open_key)
                SELECT id, project_id, user_id, flavor_id, 'bench', ?, ?, 1, 0, ?, ?, ?, ? FROM compute_instance
                WHERE id = ?""")
                .params(vcpus, memoryMb, utc(launched), utc(from), utc(to), open ? id : null, id).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static void wrk(String url, String microversion, String token, int seconds, int connections,
            String label) throws Exception {
        Process process = new ProcessBuilder("wrk", "--latency", "-t", "1", "-c", String.valueOf(connections), "-d",
                seconds + "s", "--timeout", "10s", "-H", "X-Auth-Token: " + token, "-H",
                "OpenStack-API-Version: compute " + microversion, url).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        if (label == null) {
            return;
        }
        System.out.printf("wrk -c %d -d %ds: %s%n", connections, seconds, label);
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Requests/sec") || trimmed.startsWith("Non-2xx") || trimmed.contains("requests in")
                    || trimmed.matches("(50|90|99)%.*")) {
                System.out.println("  " + trimmed);
            }
        }
    }
}
