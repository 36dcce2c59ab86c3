package io.lightcloud.volume.api;

import io.lightcloud.common.api.JsonFields;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Cinder's spellings of values: timestamps without a zone, and oslo's strict booleans. */
public final class CinderValues {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");
    private static final Set<String> FALSE = Set.of("0", "f", "false", "off", "n", "no");

    private CinderValues() {
    }

    /** {@code 2018-11-29T06:50:07.770785}, in UTC, as Cinder shows {@code created_at}; null stays null. */
    public static String timestamp(OffsetDateTime time) {
        return time == null ? null
                : TIMESTAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    /** A boolean given as JSON true/false or as one of oslo's strings ("True", "yes", "1"...); absent gives null. */
    public static Boolean bool(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return bool(value.isString() ? value.stringValue() : value.toString(), field);
    }

    public static Boolean bool(String text, String field) {
        if (text == null) {
            return null;
        }
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(normalized)) {
            return true;
        }
        if (FALSE.contains(normalized)) {
            return false;
        }
        throw VolumeFaults.invalidInput("Invalid value '" + text + "' for " + field
                + "; acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'.");
    }

    /** A name or description under its v3 key or its legacy {@code display_} key, trimmed as Cinder does. */
    public static String displayText(JsonFields in, String key, String legacyKey) {
        return in.string(key, 255).or(() -> in.string(legacyKey, 255)).map(String::trim).orElse(null);
    }
}
