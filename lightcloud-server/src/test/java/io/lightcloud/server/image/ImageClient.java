package io.lightcloud.server.image;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the image API as glanceclient does: JSON for records, raw octet streams for data. */
final class ImageClient {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ImageClient(String baseUrl) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
    }

    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return MAPPER.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The message of a Glance-style fault body. */
        String message() {
            return json().at("/error/message").stringValue();
        }
    }

    /** Creates an image record and returns its id. */
    String create(String token, Map<String, Object> image) {
        Response created = send(token, "POST", "/image/v2/images", "application/json",
                HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(image)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").stringValue();
    }

    Response upload(String token, String id, Path file) {
        try {
            return send(token, "PUT", "/image/v2/images/" + id + "/file", "application/octet-stream",
                    HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response upload(String token, String id, byte[] data) {
        return send(token, "PUT", "/image/v2/images/" + id + "/file", "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(data));
    }

    Response download(String token, String id, String... headers) {
        return send(token, "GET", "/image/v2/images/" + id + "/file", null, HttpRequest.BodyPublishers.noBody(),
                headers);
    }

    Response patch(String token, String id, String contentType, String operations) {
        return send(token, "PATCH", "/image/v2/images/" + id, contentType,
                HttpRequest.BodyPublishers.ofString(operations));
    }

    Response send(String token, String method, String path, String contentType, HttpRequest.BodyPublisher body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5))
                .method(method, body);
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                return new Response(response.statusCode(), response.headers().map(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
