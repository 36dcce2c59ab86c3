package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.compute.console.ConsoleTokens;
import io.lightcloud.server.testing.BrowserScript;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's figures, printed and not asserted: compressed JS+CSS, time to interactive and the 500-instance list
 * (browser-tests/dashboard-bench.mjs in headless Chromium), and the console's key-press-to-framebuffer latency
 * through the WebSocket proxy against a direct VNC connection to the same real VM, interleaved in one run. Run by
 * bench/dashboard-bench.sh, which sets {@code lightcloud.bench.dashboard} to the result file.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "lightcloud.bench.dashboard", matches = ".+")
class DashboardBenchmark extends LocalAgentServerTestBase {
    @Autowired
    ConsoleTokens tokens;

    @Test
    void figures() throws Exception {
        int runs = Integer.getInteger("lightcloud.bench.runs", 5);
        List<String> report = new ArrayList<>();
        String flavor = fixture.flavor(unique("bench"), 1, 256, 1);
        String id = fixture.createServer(admin, fixture.serverBody(unique("bench-console"), flavor,
                testImage(unique("bench-image"))));
        awaitServer(id, status("ACTIVE"), "ACTIVE");
        awaitBoot(id, 1);

        Path staticDir = BrowserScript.webDirectory().resolve("../../../target/classes/static").normalize();
        BrowserScript.Outcome browser = BrowserScript.of("dashboard-bench.mjs", Map.of("BASE_URL", api.baseUrl(),
                "USERNAME", "admin", "PASSWORD", ADMIN_PASSWORD, "STATIC_DIR", staticDir.toString(),
                "RUNS", Integer.toString(runs))).run();
        assertThat(browser.succeeded()).as(browser.output()).isTrue();
        browser.results().forEach((key, value) -> report.add(key + ": " + value));

        int samples = Integer.getInteger("lightcloud.bench.console-samples", 20);
        ConsoleTokens.Target target = tokens.redeem(tokens.issue(id, "novnc")).orElseThrow();
        List<Double> direct = new ArrayList<>();
        List<Double> proxied = new ArrayList<>();
        // Interleaved rounds, so that both paths see the same load of this shared machine.
        for (int round = 0; round < 4; round++) {
            try (Socket socket = new Socket(target.vncHost(), target.vncPort())) {
                socket.setTcpNoDelay(true);
                try (RfbLatencyProbe probe = new RfbLatencyProbe(socket.getInputStream(), socket.getOutputStream(),
                        () -> { })) {
                    direct.addAll(probe.measure(samples / 4, Duration.ofMillis(700)));
                }
            }
            WebSocketStreams ws = new WebSocketStreams(URI.create("ws://127.0.0.1:" + port
                    + "/lightcloud/v1/console/websockify?token=" + tokens.issue(id, "novnc")), "binary");
            try (RfbLatencyProbe probe = new RfbLatencyProbe(ws.input(), ws.output(), ws)) {
                proxied.addAll(probe.measure(samples / 4, Duration.ofMillis(700)));
            }
        }
        report.add(String.format(Locale.ROOT, "console key press -> framebuffer update, %d samples each: direct VNC "
                + "median %.1f ms (p90 %.1f), through the proxy median %.1f ms (p90 %.1f)", direct.size(),
                percentile(direct, 50), percentile(direct, 90), percentile(proxied, 50), percentile(proxied, 90)));
        fixture.nova("DELETE", "/servers/" + id, admin, null);
        write(report);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void write(List<String> report) throws IOException {
        Files.writeString(Path.of(System.getProperty("lightcloud.bench.dashboard")),
                String.join("\n", report) + "\n", StandardCharsets.UTF_8);
    }
}
