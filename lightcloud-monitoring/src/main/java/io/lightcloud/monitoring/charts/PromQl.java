package io.lightcloud.monitoring.charts;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * PromQL pieces from ids the controller looked up itself. Ids are checked against the shape Lightcloud gives them
 * and quoted, so no caller text ever becomes query syntax.
 */
public final class PromQl {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");

    private PromQl() {
    }

    /** {@code name="value"} for an id. */
    public static String matcher(String label, String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an id: " + id);
        }
        return label + "=\"" + id + "\"";
    }

    /** {@code name=~"a|b"} for ids; an empty list matches nothing. */
    public static String anyOf(String label, Iterable<String> ids) {
        StringBuilder alternatives = new StringBuilder();
        for (String id : ids) {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not an id: " + id);
            }
            // Only '.' of the id alphabet is special in a regular expression; "\\." in PromQL is the regex \.
            alternatives.append(alternatives.isEmpty() ? "" : "|").append(id.replace(".", "\\\\."));
        }
        return alternatives.isEmpty() ? label + "=\"__none__\"" : label + "=~\"" + alternatives + "\"";
    }

    public static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
