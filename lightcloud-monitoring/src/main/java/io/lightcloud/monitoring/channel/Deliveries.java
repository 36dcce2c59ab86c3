package io.lightcloud.monitoring.channel;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message on a channel with retries: a retryable failure (5xx, throttling, connection) is tried again after
 * {@code firstBackoff}, doubling, up to {@code attempts} tries; a permanent one is given up at once.
 */
public final class Deliveries {
    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final Map<Channel.Type, ChannelSender> senders = new EnumMap<>(Channel.Type.class);
    private final int attempts;
    private final Duration firstBackoff;

    public Deliveries(List<ChannelSender> senders, int attempts, Duration firstBackoff) {
        senders.forEach(sender -> this.senders.put(sender.type(), sender));
        this.attempts = attempts;
        this.firstBackoff = requireNonNull(firstBackoff, "firstBackoff is null");
    }

    public record Result(boolean delivered, int attempts, String error) {
    }

    public ChannelSender sender(Channel.Type type) {
        return senders.get(type);
    }

    public Result deliver(Channel channel, Message message, AlertNotification notification) {
        ChannelSender sender = senders.get(channel.type());
        Duration backoff = firstBackoff;
        String error = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                sender.send(channel, message, notification);
                log.info("notification delivered channel_id={} type={} rule_id={} attempts={}", channel.id(),
                        channel.type().wire(), notification.ruleId(), attempt);
                return new Result(true, attempt, null);
            } catch (DeliveryException e) {
                error = e.getMessage();
                if (!e.retryable() || attempt == attempts) {
                    log.warn("notification failed channel_id={} type={} rule_id={} attempts={} error=\"{}\"",
                            channel.id(), channel.type().wire(), notification.ruleId(), attempt, error);
                    return new Result(false, attempt, error);
                }
                log.info("notification will be retried channel_id={} type={} attempt={} backoff_ms={} error=\"{}\"",
                        channel.id(), channel.type().wire(), attempt, backoff.toMillis(), error);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new Result(false, attempt, "interrupted: " + error);
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        return new Result(false, attempts, error);
    }
}
