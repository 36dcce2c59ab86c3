package io.lightcloud.server.compute;

import io.lightcloud.server.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code GET /servers/detail} benchmark of issue 4: starts the controller (H2, with the test-only image registry
 * when lightcloud-image is absent), creates 1,000 servers through the API on a host played by a
 * {@link SimulatedAgent} (standing in for the real agent) that reports them running, then runs ApacheBench against
 * {@code /compute/v2.1/servers/detail} at microversion 2.90 and prints its figures. Run by
 * {@code bench/servers-detail-bench.sh}.
 *
 * <p>Arguments: {@code <servers> <requests> <concurrency...>}.
 */
public final class ServersDetailBenchmark {
    private ServersDetailBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int servers = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        try (BenchmarkServer server = BenchmarkServer.start("detail-bench")) {
            ApiClient api = server.api();
            String admin = server.admin();
            ComputeFixture fixture = server.fixture();
            String project = api.get("/identity/v3/projects?name=admin", admin).json().at("/projects/0/id")
                    .stringValue();
            fixture.nova("PUT", "/os-quota-sets/" + project, admin, Map.of("quota_set", Map.of("instances", -1,
                    "cores", -1, "ram", -1)));
            String flavor = fixture.flavor("bench-tiny", 1, 64, 1);
            String image = fixture.image("bench-image");
            long started = System.nanoTime();
            try (SimulatedAgent agent = SimulatedAgent.start(api, admin, "bench-host", 2000, 1L << 20, 10_000,
                    "bench")) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<String>> created = new ArrayList<>();
                for (int i = 0; i < servers; i++) {
                    Map<String, Object> body = fixture.serverBody(String.format("bench-%04d", i), flavor, image);
                    body.put("availability_zone", "bench");
                    body.put("metadata", Map.of("role", "web", "index", String.valueOf(i)));
                    created.add(pool.submit(() -> fixture.createServer(admin, body)));
                }
                for (Future<String> future : created) {
                    future.get();
                }
                pool.shutdown();
                agent.converge();
                System.out.printf("setup: %d servers created through the API and reported running in %.1f s%n",
                        servers, (System.nanoTime() - started) / 1e9);
                String url = api.baseUrl() + "/compute/v2.1/servers/detail";
                ApiClient.Response sample = fixture.nova("GET", "/servers/detail", admin, null);
                System.out.printf("response: %d servers, %d KiB of JSON%n", sample.json().get("servers").size(),
                        sample.text().getBytes(StandardCharsets.UTF_8).length / 1024);
                ab(url, admin, Math.min(requests, 50), 1, false);
                for (int i = 2; i < args.length; i++) {
                    ab(url, admin, requests, Integer.parseInt(args[i]), true);
                }
            }
        }
    }

    private static void ab(String url, String token, int requests, int concurrency, boolean report) throws Exception {
        Process process = new ProcessBuilder("ab", "-q", "-n", String.valueOf(requests), "-c",
                String.valueOf(concurrency), "-H", "X-Auth-Token: " + token, "-H",
                "OpenStack-API-Version: compute 2.90", url).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("ab failed:\n" + output);
        }
        if (!report) {
            return;
        }
        System.out.printf("ab -n %d -c %d:%n", requests, concurrency);
        for (String line : output.split("\n")) {
            if (line.startsWith("Requests per second") || line.startsWith("Failed requests")
                    || line.startsWith("Non-2xx") || line.matches("\\s+(50|90|95|99|100)%.*")) {
                System.out.println("  " + line.trim());
            }
        }
    }
}
