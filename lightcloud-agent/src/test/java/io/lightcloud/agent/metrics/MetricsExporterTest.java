package io.lightcloud.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsExporterTest {
    @TempDir
    Path tmp;

    @Test
    void servesTheScrapeOnlyToTheCredential() throws Exception {
        VmMetricsCollectorTest.Inventory inventory = new VmMetricsCollectorTest.Inventory(List.of(
                new MonitoredVm(VmMetricsCollectorTest.VM_A, "p", 0, true, Map.of())));
        try (MetricsExporter exporter = MetricsExporter.start(new InetSocketAddress("127.0.0.1", 0), "s3cret",
                new VmMetricsCollector(inventory, new ProcFs(tmp)))) {
            URI uri = URI.create("http://127.0.0.1:" + exporter.address().getPort() + "/metrics");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer x")
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> scraper = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(scraper.statusCode()).isEqualTo(200);
            assertThat(scraper.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(scraper.body()).contains("lightcloud_vm_down{");
        }
    }
}
