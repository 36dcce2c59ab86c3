package io.lightcloud.loadgen.control;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The executor's side of the load-test executor protocol ({@code docs/loadtest-protocol.md}), JSON over HTTP. */
public final class ControllerClient {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String BASE = "/lightcloud/v1/loadtest/executor";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String controller;
    private final String credential;

    public ControllerClient(String controller, String credential) {
        this.controller = requireNonNull(controller, "controller is null").replaceAll("/+$", "");
        this.credential = requireNonNull(credential, "credential is null");
    }

    public JsonNode register(Object body) throws IOException, InterruptedException {
        return send("POST", BASE + "/register", body, Duration.ofSeconds(10));
    }

    public JsonNode work(long since, int waitSeconds) throws IOException, InterruptedException {
        return send("GET", BASE + "/work?since=" + since + "&wait=" + waitSeconds, null,
                Duration.ofSeconds(waitSeconds + 10L));
    }

    public JsonNode results(String runId, Object report) throws IOException, InterruptedException {
        return send("POST", BASE + "/runs/" + runId + "/results", report, Duration.ofSeconds(10));
    }

    private JsonNode send(String method, String path, Object body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controller + path)).timeout(timeout)
                .header("Authorization", "Bearer " + credential).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new ControllerException(response.statusCode(), response.body());
        }
        return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    /** An answer of the controller other than success. */
    public static final class ControllerException extends IOException {
        ControllerException(int status, String body) {
            super("controller answered " + status + ": " + body);
        }
    }
}
