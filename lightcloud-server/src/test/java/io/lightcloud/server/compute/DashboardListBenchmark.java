package io.lightcloud.server.compute;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.BrowserScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The dashboard's instance list at scale (issue 16): starts the controller (H2), creates servers through the API on
 * a host played by a {@link SimulatedAgent} (standing in for the real agent) and measures in headless Chromium
 * ({@code browser-tests/list-bench.mjs}) the first page's render and a search, first with the baseline count, then
 * with the full count, side by side in one run. Run by {@code bench/dashboard-bench.sh}.
 *
 * <p>Arguments: {@code <baseline servers> <servers> <runs>}.
 */
public final class DashboardListBenchmark {
    private DashboardListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int baseline = Integer.parseInt(args[0]);
        int servers = Integer.parseInt(args[1]);
        String runs = args[2];
        try (BenchController controller = BenchController.start("lightcloud-list-bench-")) {
            ApiClient api = controller.api();
            String admin = controller.admin();
            ComputeFixture fixture = controller.fixture();
            String flavor = fixture.flavor("bench-tiny", 1, 64, 1);
            String image = fixture.image("bench-image");
            try (SimulatedAgent agent = SimulatedAgent.start(api, admin, "bench-host", 100_000, 1L << 30, 1_000_000,
                    "bench")) {
                create(fixture, admin, flavor, image, 0, baseline);
                agent.converge();
                measure(api, baseline, runs);
                long started = System.nanoTime();
                create(fixture, admin, flavor, image, baseline, servers);
                agent.converge();
                System.out.printf("setup: %d more servers created through the API in %.0f s%n", servers - baseline,
                        (System.nanoTime() - started) / 1e9);
                measure(api, servers, runs);
            }
        }
    }

    private static void create(ComputeFixture fixture, String admin, String flavor, String image, int from, int to)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> created = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Map<String, Object> body = fixture.serverBody(String.format("bench-%05d", i), flavor, image);
            body.put("availability_zone", "bench");
            created.add(pool.submit(() -> fixture.createServer(admin, body)));
        }
        for (Future<String> future : created) {
            future.get();
        }
        pool.shutdown();
    }

    private static void measure(ApiClient api, int servers, String runs) {
        BrowserScript.Outcome outcome = BrowserScript.of("list-bench.mjs", Map.of("BASE_URL", api.baseUrl(),
                "USERNAME", "admin", "PASSWORD", BenchController.ADMIN_PASSWORD, "RUNS", runs,
                "PAGE_ROWS", String.valueOf(Math.min(servers, 50)),
                "SEARCH_NAME", String.format("bench-%05d", servers / 2 + 7))).run();
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.output());
        }
        System.out.printf("instances %d: first page render %s ms, search %s ms (median, runs)%n", servers,
                outcome.results().get("renderMs"), outcome.results().get("searchMs"));
    }
}
