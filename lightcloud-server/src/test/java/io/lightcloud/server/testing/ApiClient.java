package io.lightcloud.server.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests: drives the server the way an OpenStack client would, JSON in and out. */
public final class ApiClient {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
    }

    public String baseUrl() {
        return baseUrl;
    }

    public record Response(int status, Map<String, List<String>> headers, String text) {
        public JsonNode json() {
            return text.isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(text);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, body, Map.of());
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, Map.of());
    }

    /** Sends a request; a String body goes as-is (so tests can send malformed JSON), anything else as JSON. */
    public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : MAPPER.writeValueAsString(body);
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A project-scoped token for a user of the default domain. */
    public String token(String user, String password, String project) {
        Response response = post("/identity/v3/auth/tokens", null, passwordAuth(user, password, project));
        if (response.status() != 201) {
            throw new AssertionError("token for " + user + " failed: " + response.status() + " " + response.text());
        }
        return response.header("X-Subject-Token");
    }

    public static Map<String, Object> passwordAuth(String user, String password, String project) {
        Map<String, Object> identity = Map.of("methods", List.of("password"), "password",
                Map.of("user", Map.of("name", user, "domain", Map.of("id", "default"), "password", password)));
        if (project == null) {
            return Map.of("auth", Map.of("identity", identity));
        }
        return Map.of("auth", Map.of("identity", identity, "scope",
                Map.of("project", Map.of("name", project, "domain", Map.of("id", "default")))));
    }
}
