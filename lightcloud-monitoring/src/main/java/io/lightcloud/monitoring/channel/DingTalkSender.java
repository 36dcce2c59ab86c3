package io.lightcloud.monitoring.channel;

import io.lightcloud.common.api.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * A DingTalk group robot: a Markdown message of at most 20,000 bytes (longer ones are cut with a marker, not
 * refused), signed when the robot has a secret ({@code timestamp} in ms and {@code sign} = URL-encoded Base64 of
 * HMAC-SHA256 over {@code timestamp + "\n" + secret}), at most 20 a minute per robot (waits instead of being
 * throttled). Errcode 130101 (sent too fast) and -1 (busy) are retried.
 */
public final class DingTalkSender implements ChannelSender {
    static final int MAX_BYTES = 20_000;
    private static final Set<Integer> RETRYABLE = Set.of(130101, -1);

    private final RobotRateLimiter limiter;
    private final Clock clock;

    public DingTalkSender(RobotRateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.DINGTALK;
    }

    @Override
    public void validate(JsonNode config) {
        RobotHttp.requiredUrl(config, "url");
        String secret = RobotHttp.optionalString(config, "secret");
        if (secret != null && secret.isBlank()) {
            throw ApiException.badRequest("Invalid input for field 'channel.config.secret': it must not be empty.");
        }
    }

    @Override
    public void send(Channel channel, Message message, AlertNotification notification) throws DeliveryException {
        String url = channel.config().path("url").asString();
        String secret = RobotHttp.optionalString(channel.config(), "secret");
        try {
            limiter.acquire(url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while waiting for the robot's rate limit", false);
        }
        String target = secret == null ? url : signed(url, secret, clock.millis());
        String text = Utf8.truncate(message.markdown(), MAX_BYTES - 1024, "\n\n…(truncated)");
        RobotHttp.post(target, Map.of("msgtype", "markdown",
                "markdown", Map.of("title", Utf8.truncate(message.title(), 512, "…"), "text", text)), RETRYABLE,
                Map.of());
    }

    static String signed(String url, String secret, long timestamp) {
        return url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign=" + sign(timestamp, secret);
    }

    /** DingTalk's signature: URL-encoded Base64 of HMAC-SHA256(key = secret) over timestamp + "\n" + secret. */
    public static String sign(long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
