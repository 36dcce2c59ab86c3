package io.lightcloud.monitoring.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * A generic webhook: Alertmanager's own JSON (narrowed to the rule's alerts), and, with a secret, the headers
 * {@code X-Lightcloud-Timestamp} (seconds) and {@code X-Lightcloud-Signature: sha256=<hex HMAC-SHA256 over
 * timestamp + "." + body>}, so a receiver can check origin and freshness. 5xx and 429 answers are retried.
 */
public final class WebhookSender implements ChannelSender {
    private final Clock clock;

    public WebhookSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.WEBHOOK;
    }

    @Override
    public void validate(JsonNode config) {
        RobotHttp.requiredUrl(config, "url");
        RobotHttp.optionalString(config, "secret");
    }

    @Override
    public void send(Channel channel, Message message, AlertNotification notification) throws DeliveryException {
        String body = RobotHttp.JSON.writeValueAsString(notification.payload());
        Map<String, String> headers = new LinkedHashMap<>();
        String secret = RobotHttp.optionalString(channel.config(), "secret");
        if (secret != null) {
            String timestamp = Long.toString(clock.millis() / 1000);
            headers.put("X-Lightcloud-Timestamp", timestamp);
            headers.put("X-Lightcloud-Signature", "sha256=" + hmac(secret, timestamp + "." + body));
        }
        RobotHttp.send(channel.config().path("url").asString(), body, headers);
    }

    public static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
