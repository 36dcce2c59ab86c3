package io.lightcloud.compute.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Nova's second timestamp spelling, used for actions, events, keypairs, services and usage: microseconds and no
 * zone ({@code 2018-04-25T01:26:29.000000}); servers use {@code Timestamps.seconds}.
 */
public final class NovaTimes {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private NovaTimes() {
    }

    public static String micros(Instant instant) {
        return instant == null ? null : MICROS.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    public static String micros(OffsetDateTime time) {
        return time == null ? null : micros(time.toInstant());
    }
}
