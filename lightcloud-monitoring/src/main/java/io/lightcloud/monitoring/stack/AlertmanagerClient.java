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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Alertmanager's v2 silence API; any failure to reach it is a 503 that says so. */
public final class AlertmanagerClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MonitoringStack stack;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public AlertmanagerClient(MonitoringStack stack, ObjectMapper mapper) {
        this.stack = requireNonNull(stack, "stack is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public JsonNode silences(String filter) {
        return send("GET", "api/v2/silences?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), null);
    }

    public JsonNode silence(String id) {
        return send("GET", "api/v2/silence/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
    }

    /** Creates a silence; returns its id. */
    public String createSilence(Object silence) {
        return send("POST", "api/v2/silences", mapper.writeValueAsString(silence)).path("silenceID").asString();
    }

    public void expireSilence(String id) {
        send("DELETE", "api/v2/silence/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
    }

    private JsonNode send(String method, String path, String body) {
        URI base = stack.alertmanager().orElseThrow(() -> new MonitoringUnavailableException(
                "Alerting is not enabled: no Alertmanager is configured (set LIGHTCLOUD_ALERTMANAGER_URL, or run "
                        + "with lightcloud.monitoring.enabled=true)."));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 404) {
                return mapper.missingNode();
            }
            if (answer.statusCode() >= 300) {
                throw new MonitoringUnavailableException("Alertmanager at " + base + " answered HTTP "
                        + answer.statusCode() + ": " + PrometheusClient.abbreviate(answer.body()));
            }
            return answer.body().isBlank() ? mapper.createObjectNode() : mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new MonitoringUnavailableException("Alertmanager at " + base + " is not reachable ("
                    + e.getClass().getSimpleName() + "); silences are unavailable until it is back.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MonitoringUnavailableException("Interrupted while calling Alertmanager.");
        }
    }
}
