package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A project's alert rule. {@code scopeValue} is the server id ({@code server}), the tag ({@code tag}), the host id
 * ({@code host}) or null ({@code project}: every server of the project; {@code cloud}: every host).
 */
public record AlertRule(String id, String projectId, String name, AlertMetric metric, Scope scope, String scopeValue,
        Comparator comparator, double threshold, int forSeconds, Severity severity, List<String> channelIds,
        Instant createdAt, Instant updatedAt) {
    public AlertRule {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(comparator, "comparator is null");
        requireNonNull(severity, "severity is null");
        channelIds = List.copyOf(channelIds);
    }

    public enum Scope {
        SERVER, TAG, PROJECT, HOST, CLOUD;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Severity {
        INFO, WARNING, CRITICAL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Comparator {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

        private final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public static Optional<Comparator> parse(String symbol) {
            return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst();
        }
    }
}
