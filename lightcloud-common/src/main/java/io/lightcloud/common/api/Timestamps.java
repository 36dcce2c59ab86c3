package io.lightcloud.common.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The timestamp spellings OpenStack APIs use, all in UTC. */
public final class Timestamps {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter MICROS_NO_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private Timestamps() {
    }

    /** Keystone's token form, {@code 2015-11-05T22:00:11.000000Z}. */
    public static String micros(Instant instant) {
        return MICROS.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    /**
     * Keystone's form of the datetimes it stores and echoes, such as an application credential's
     * {@code expires_at}: {@code 2015-11-05T22:00:11.000000}, UTC without a zone designator.
     */
    public static String microsWithoutZone(Instant instant) {
        return MICROS_NO_ZONE.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    /** Nova's, Glance's and Neutron's form, {@code 2015-11-05T22:00:11Z}. */
    public static String seconds(Instant instant) {
        return SECONDS.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** Accepts ISO 8601 with or without zone; a missing zone means UTC, as in OpenStack. */
    public static OffsetDateTime parse(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException withoutZone) {
            return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
        }
    }
}
