package io.lightcloud.monitoring.channel;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A WeCom (WeChat Work) group robot: Markdown of at most 4,096 bytes (cut with a marker), 20 a minute per robot.
 * Errcode 45009 (frequency limit) and -1 (busy) are retried.
 */
public final class WeComSender implements ChannelSender {
    static final int MAX_BYTES = 4096;
    private static final Set<Integer> RETRYABLE = Set.of(45009, -1);

    private final RobotRateLimiter limiter;

    public WeComSender(RobotRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.WECOM;
    }

    @Override
    public void validate(JsonNode config) {
        RobotHttp.requiredUrl(config, "url");
    }

    @Override
    public void send(Channel channel, Message message, AlertNotification notification) throws DeliveryException {
        String url = channel.config().path("url").asString();
        try {
            limiter.acquire(url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while waiting for the robot's rate limit", false);
        }
        RobotHttp.post(url, Map.of("msgtype", "markdown", "markdown",
                Map.of("content", Utf8.truncate(message.markdown(), MAX_BYTES, "\n…(truncated)"))), RETRYABLE,
                Map.of());
    }
}
