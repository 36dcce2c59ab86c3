package io.lightcloud.server.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small HTTP target on 127.0.0.1 and a random port that counts what it receives, so tests compare the load
 * generator's merged counts with the target's own. {@code /login?user=U} answers {@code {"token":"tok-U","user":"U"}},
 * {@code /item?token=T} answers {@code item for T}, anything else {@code ok}.
 */
final class TargetServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> logins = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    TargetServer() throws IOException {
        // The JDK server writes headers and body separately; with Nagle on, the client's delayed ACK holds the body.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    long total() {
        return total.sum();
    }

    long count(String path) {
        LongAdder adder = byPath.get(path);
        return adder == null ? 0 : adder.sum();
    }

    Map<String, LongAdder> logins() {
        return logins;
    }

    private void handle(HttpExchange exchange) throws IOException {
        total.increment();
        String path = exchange.getRequestURI().getPath();
        byPath.computeIfAbsent(path, p -> new LongAdder()).increment();
        String query = exchange.getRequestURI().getRawQuery();
        Map<String, String> params = new ConcurrentHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        exchange.getRequestBody().readAllBytes();
        String body;
        switch (path) {
            case "/login" -> {
                String user = params.getOrDefault("user", "");
                logins.computeIfAbsent(user, u -> new LongAdder()).increment();
                body = "{\"token\":\"tok-" + user + "\",\"user\":\"" + user + "\"}";
            }
            case "/item" -> body = "item for " + params.getOrDefault("token", "nobody");
            default -> body = "ok";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
