package io.lightcloud.agent.controller;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.ConsoleTunnelRequests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The agent's side of the agent protocol ({@code docs/agent-protocol.md}): one method per call, every request
 * authenticated with the host credential. Paths the controller hands out (image and console URLs) are relative to the
 * controller's URL.
 */
public final class ControllerClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final URI base;
    private final String authorization;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public ControllerClient(URI base, String credential, ObjectMapper mapper) {
        this.base = requireNonNull(base, "base");
        this.authorization = "Bearer " + requireNonNull(credential, "credential");
        this.mapper = requireNonNull(mapper, "mapper");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public JsonNode register(Object hostFacts) {
        return postJson("/lightcloud/v1/agent/register", hostFacts);
    }

    public JsonNode reportObserved(Object report) {
        return postJson("/lightcloud/v1/agent/observed", report);
    }

    /** The desired state; the controller holds the request up to {@code wait} when nothing changed since then. */
    public JsonNode desired(long since, Duration wait) {
        HttpRequest request = request("/lightcloud/v1/agent/desired?since=" + since + "&wait=" + wait.toSeconds(),
                wait.plus(CALL_TIMEOUT)).GET().build();
        return json(send(request, 200));
    }

    /**
     * The host's desired network state ({@code docs/network-agent-protocol.md}); the controller holds the request up
     * to {@code wait} when nothing changed since {@code since}.
     */
    public JsonNode network(long since, Duration wait, String tunnelIp, List<String> physicalNetworks) {
        String query = "since=" + since + "&wait=" + wait.toSeconds() + "&tunnel_ip=" + encode(tunnelIp)
                + "&physical_networks=" + encode(String.join(",", physicalNetworks));
        HttpRequest request = request("/lightcloud/v1/agent/network?" + query, wait.plus(CALL_TIMEOUT)).GET().build();
        return json(send(request, 200));
    }

    /** The controller's answer to a guest's metadata request, whatever its status. */
    public RawAnswer metadata(String networkId, String address, String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(base.getPath() + "/lightcloud/v1/agent/metadata/"
                + encode(networkId) + "/" + encode(address) + "/" + path)).timeout(CALL_TIMEOUT)
                .header("Authorization", authorization).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new RawAnswer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("text/plain"), response.body());
        } catch (IOException e) {
            throw new ControllerException(describe(request) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException(describe(request) + " interrupted", e);
        }
    }

    /** A response passed on as it is. */
    public record RawAnswer(int status, String contentType, byte[] body) {
    }

    /** Replaces the controller's copy of a server's console tail; false if the server is not on this host any more. */
    public boolean putConsoleLog(String path, String tail) {
        HttpRequest request = request(path, CALL_TIMEOUT).header("Content-Type", "text/plain; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = sendRaw(request);
        if (response.statusCode() == 404) {
            return false;
        }
        expect(request, response, 204);
        return true;
    }

    /**
     * Streams an image to {@code target}: into a temporary file next to it, renamed into place only when complete and
     * of the expected size (-1: unknown), so an interrupted download never looks like an image.
     */
    public void download(String path, Path target, long expectedSize) {
        HttpRequest request = request(path, DOWNLOAD_TIMEOUT).GET().build();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ControllerException(describe(request) + " answered " + response.statusCode() + ": "
                            + new String(body.readNBytes(2048), StandardCharsets.UTF_8), response.statusCode());
                }
                long size = Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
                if (expectedSize >= 0 && size != expectedSize) {
                    throw new ControllerException("image download from " + path + " gave " + size
                            + " bytes, expected " + expectedSize, 200);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ControllerException("cannot download " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException("interrupted while downloading " + path, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // Only a leftover temporary file; the next download replaces it.
            }
        }
    }

    /** Streams a file to the controller with {@code PUT}; false when the controller answers 404 (nothing wants it). */
    public boolean upload(String path, Path file) {
        try {
            HttpRequest request = request(path, DOWNLOAD_TIMEOUT).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
            HttpResponse<String> response = sendRaw(request);
            if (response.statusCode() == 404) {
                return false;
            }
            if (response.statusCode() / 100 != 2) {
                expect(request, response, 204);
            }
            return true;
        } catch (IOException e) {
            throw new ControllerException("cannot upload " + file + " to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Console tunnels the controller asks for; held up to {@code wait} when there are none. */
    public ConsoleTunnelRequests consoleTunnels(Duration wait) {
        HttpRequest request = request("/lightcloud/v1/agent/console-tunnels?wait=" + wait.toSeconds(),
                wait.plus(CALL_TIMEOUT)).GET().build();
        return mapper.treeToValue(json(send(request, 200)), ConsoleTunnelRequests.class);
    }

    /** Connects a WebSocket to a controller path ({@code ws} or {@code wss} as the controller URL is http or https). */
    public WebSocket webSocket(String path, WebSocket.Listener listener) {
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        URI uri = URI.create(scheme + base.toString().substring(base.getScheme().length()) + path);
        try {
            return http.newWebSocketBuilder().header("Authorization", authorization)
                    .connectTimeout(CALL_TIMEOUT).buildAsync(uri, listener).get();
        } catch (ExecutionException e) {
            throw new ControllerException("WebSocket " + path + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException("WebSocket " + path + " interrupted", e);
        }
    }

    /** Posts a JSON body and ignores the answer unless it is an error other than 404. */
    public void notify(String path, Object body) {
        HttpRequest request = request(path, CALL_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build();
        HttpResponse<String> response = sendRaw(request);
        if (response.statusCode() != 404 && response.statusCode() / 100 != 2) {
            expect(request, response, 204);
        }
    }

    private JsonNode postJson(String path, Object body) {
        HttpRequest request = request(path, CALL_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build();
        return json(send(request, 200));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(base.getPath() + path)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private String send(HttpRequest request, int expected) {
        HttpResponse<String> response = sendRaw(request);
        expect(request, response, expected);
        return response.body();
    }

    private HttpResponse<String> sendRaw(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ControllerException(describe(request) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException(describe(request) + " interrupted", e);
        }
    }

    private static void expect(HttpRequest request, HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            String body = Optional.ofNullable(response.body()).orElse("");
            throw new ControllerException(describe(request) + " answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), 2048)), response.statusCode());
        }
    }

    private JsonNode json(String body) {
        return mapper.readTree(body);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getPath();
    }
}
