package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import io.lightcloud.monitoring.channel.AlertNotification;
import io.lightcloud.monitoring.channel.Channel;
import io.lightcloud.monitoring.channel.ChannelRepository;
import io.lightcloud.monitoring.channel.Deliveries;
import io.lightcloud.monitoring.channel.MessageTemplates;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an Alertmanager notification into history and messages: each alert's state change is recorded at once, then
 * each rule's channels get one message for all of that rule's alerts in the notification (so a burst is one message,
 * not one per server), sent on a worker so Alertmanager's request returns immediately and slow or retried channels
 * delay nobody. Only Lightcloud rules are handled, and only for the project that owns the rule.
 */
public class AlertDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    private final AlertRuleRepository rules;
    private final ChannelRepository channels;
    private final AlertHistoryRepository history;
    private final Deliveries deliveries;
    private final ExecutorService workers;

    public AlertDispatcher(AlertRuleRepository rules, ChannelRepository channels, AlertHistoryRepository history,
            Deliveries deliveries, ExecutorService workers) {
        this.rules = requireNonNull(rules, "rules is null");
        this.channels = requireNonNull(channels, "channels is null");
        this.history = requireNonNull(history, "history is null");
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
        this.workers = requireNonNull(workers, "workers is null");
    }

    /** Records and schedules; returns the number of alerts taken. */
    public int accept(JsonNode payload) {
        Instant received = Instant.now();
        Map<String, List<JsonNode>> byRule = new LinkedHashMap<>();
        for (JsonNode alert : payload.path("alerts")) {
            String ruleId = alert.path("labels").path("rule_id").asString("");
            if (!ruleId.isEmpty()) {
                byRule.computeIfAbsent(ruleId, r -> new ArrayList<>()).add(alert);
            }
        }
        int taken = 0;
        for (Map.Entry<String, List<JsonNode>> entry : byRule.entrySet()) {
            Optional<AlertRule> rule = rules.find(entry.getKey());
            if (rule.isEmpty()) {
                log.info("alert of a deleted rule ignored rule_id={}", entry.getKey());
                continue;
            }
            List<String> eventIds = new ArrayList<>();
            List<AlertNotification.Alert> alerts = new ArrayList<>();
            ArrayNode narrowed = ((ObjectNode) payload).arrayNode();
            for (JsonNode alert : entry.getValue()) {
                Map<String, String> labels = new LinkedHashMap<>();
                alert.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                if (!rule.get().projectId().equals(labels.get("project_id"))) {
                    log.warn("alert for another project's rule ignored rule_id={} project_id={}", entry.getKey(),
                            labels.get("project_id"));
                    continue;
                }
                String status = alert.path("status").asString("firing");
                String value = alert.path("annotations").path("value").asString(null);
                Instant startsAt = instant(alert.path("startsAt").asString(null));
                Instant endsAt = status.equals("resolved") ? instant(alert.path("endsAt").asString(null)) : null;
                String eventId = UUID.randomUUID().toString();
                history.insertEvent(eventId, rule.get().projectId(), rule.get().id(),
                        alert.path("fingerprint").asString(""), status, labels, value, startsAt, endsAt, received);
                eventIds.add(eventId);
                alerts.add(new AlertNotification.Alert(status, labels, value, startsAt, endsAt));
                narrowed.add(alert);
                taken++;
            }
            if (alerts.isEmpty()) {
                continue;
            }
            ObjectNode narrowedPayload = ((ObjectNode) payload).deepCopy();
            narrowedPayload.set("alerts", narrowed);
            AlertRule r = rule.get();
            AlertNotification notification = new AlertNotification(r.id(), r.name(), r.projectId(), r.metric().wire(),
                    r.comparator().symbol(), r.threshold(), r.severity().wire(), alerts, narrowedPayload);
            workers.execute(() -> notify(r, notification, eventIds, received));
        }
        return taken;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private void notify(AlertRule rule, AlertNotification notification, List<String> eventIds, Instant received) {
        for (String channelId : rule.channelIds()) {
            Optional<Channel> channel = channels.find(channelId).filter(c -> c.projectId().equals(rule.projectId()));
            if (channel.isEmpty()) {
                record(eventIds, channelId, new Deliveries.Result(false, 0, "the channel no longer exists"));
                continue;
            }
            Deliveries.Result result = deliveries.deliver(channel.get(),
                    MessageTemplates.render(notification, channel.get().language()), notification);
            record(eventIds, channelId, result);
            log.info("alert dispatched rule_id={} channel_id={} delivered={} dispatch_ms={}", rule.id(), channelId,
                    result.delivered(), Duration.between(received, Instant.now()).toMillis());
        }
    }

    private void record(List<String> eventIds, String channelId, Deliveries.Result result) {
        Instant now = Instant.now();
        for (String eventId : eventIds) {
            history.insertDelivery(UUID.randomUUID().toString(), eventId, channelId,
                    result.delivered() ? "delivered" : "failed", result.attempts(), result.error(), now);
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
