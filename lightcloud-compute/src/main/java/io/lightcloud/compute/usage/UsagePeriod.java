package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** A half-open period [start, stop) of usage, and how much of an interval falls into it. */
public record UsagePeriod(Instant start, Instant stop) {
    /** Nova's spellings (no zone: UTC), then ISO 8601 with a zone, which Lightcloud's own APIs also accept. */
    private static final List<DateTimeFormatter> LOCAL_FORMATS = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS]"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]"));

    public UsagePeriod {
        requireNonNull(start, "start is null");
        requireNonNull(stop, "stop is null");
    }

    /**
     * Nova's reading of {@code start} and {@code end}: a missing one is now, the start must come before the end, and
     * an end in the future is cut to now (usage is what happened).
     */
    public static UsagePeriod parse(String start, String end, Instant now) {
        Instant from = time(start, now);
        Instant to = time(end, now);
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("Invalid start time. The start time cannot occur after the end time.");
        }
        return new UsagePeriod(from, to.isAfter(now) ? now : to);
    }

    public static Instant time(String text, Instant now) {
        if (text == null || text.isEmpty()) {
            return now;
        }
        for (DateTimeFormatter format : LOCAL_FORMATS) {
            try {
                return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // the next spelling may match
            }
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid datetime string: Datetime is in invalid format: '"
                    + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "'");
        }
    }

    /** Milliseconds of [from, to) inside this period; {@code to} null means still open, counted up to the stop. */
    public long overlapMillis(Instant from, Instant to) {
        Instant a = from.isAfter(start) ? from : start;
        Instant b = to == null || to.isAfter(stop) ? stop : to;
        return a.isBefore(b) ? Duration.between(a, b).toMillis() : 0;
    }

    public double hours(Instant from, Instant to) {
        return overlapMillis(from, to) / 3_600_000.0;
    }
}
