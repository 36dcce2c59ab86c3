package io.lightcloud.server.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A DingTalk-compatible robot on loopback: it checks {@code timestamp} and {@code sign} the way DingTalk does
 * (within an hour; URL-decoded Base64 HMAC-SHA256 over timestamp + "\n" + secret), answers HTTP 200 with an
 * {@code errcode} (310000 for a bad signature, 130101 "send too fast" for the next {@code throttle} messages, else 0),
 * and keeps what it accepted. The real service cannot be reached from the test machine.
 */
public final class DingTalkReceiver implements AutoCloseable {
    private final HttpServer server;
    private final String secret;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger throttle = new AtomicInteger();

    public DingTalkReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/robot/send", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/robot/send?access_token=test-token";
    }

    /** The next {@code count} correctly signed messages get DingTalk's throttling answer. */
    public void throttleNext(int count) {
        throttle.set(count);
    }

    public List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    public int requests() {
        return requests.get();
    }

    public int throttled() {
        return throttled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        JsonNode body = JsonMapper.builder().build().readTree(exchange.getRequestBody().readAllBytes());
        String answer;
        long timestamp = Long.parseLong(query.getOrDefault("timestamp", "0"));
        String sign = query.getOrDefault("sign", "");
        boolean fresh = Math.abs(System.currentTimeMillis() - timestamp) < 3_600_000;
        boolean signed = URLDecoder.decode(sign, StandardCharsets.UTF_8).equals(expectedSignature(timestamp));
        if (!fresh || !signed || !"test-token".equals(query.get("access_token"))) {
            answer = "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
        } else if (!body.path("msgtype").asString().equals("markdown")) {
            answer = "{\"errcode\":40035,\"errmsg\":\"missing msgtype\"}";
        } else if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throttled.incrementAndGet();
            answer = "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}";
        } else {
            accepted.add(body);
            answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** DingTalk's check, written here on its own: Base64 of HMAC-SHA256 keyed by the secret over timestamp\nsecret. */
    private String expectedSignature(long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
