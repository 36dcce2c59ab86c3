package io.lightcloud.monitoring.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Prometheus's HTTP API as the controller uses it: range and instant queries of PromQL the controller built itself,
 * and configuration reloads. Any failure to reach it is a {@link MonitoringUnavailableException} (503).
 */
public final class PrometheusClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MonitoringStack stack;
    private final HttpClient http;
    private final ObjectMapper mapper;

    public PrometheusClient(MonitoringStack stack, ObjectMapper mapper) {
        this.stack = requireNonNull(stack, "stack is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The {@code data.result} of a range query: a matrix. */
    public JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
        return get("api/v1/query_range?query=" + encode(promql) + "&start=" + start.getEpochSecond() + "&end="
                + end.getEpochSecond() + "&step=" + step.toSeconds()).path("data").path("result");
    }

    /** The {@code data.result} of an instant query: a vector. */
    public JsonNode query(String promql) {
        return get("api/v1/query?query=" + encode(promql)).path("data").path("result");
    }

    /** Makes Prometheus re-read its configuration and rule files; false when it is not reachable. */
    public boolean reload() {
        URI base = stack.prometheus().orElse(null);
        if (base == null) {
            return false;
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("-/reload")).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode get(String pathAndQuery) {
        URI base = stack.prometheus().orElseThrow(() -> new MonitoringUnavailableException(
                "Monitoring is not enabled: no Prometheus is configured (set LIGHTCLOUD_PROMETHEUS_URL, or run with "
                        + "lightcloud.monitoring.enabled=true)."));
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new MonitoringUnavailableException("Prometheus at " + base + " answered HTTP "
                        + answer.statusCode() + ": " + abbreviate(answer.body()));
            }
            return mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new MonitoringUnavailableException("Prometheus at " + base + " is not reachable ("
                    + e.getClass().getSimpleName() + "); charts and alerts are unavailable until it is back.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MonitoringUnavailableException("Interrupted while querying Prometheus.");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
