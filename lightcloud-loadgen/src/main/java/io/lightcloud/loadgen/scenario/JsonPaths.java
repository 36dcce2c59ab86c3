package io.lightcloud.loadgen.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The JSON path subset plans use in extractors and assertions: {@code $}, {@code .name}, {@code ['name']} and
 * {@code [index]}. The controller refuses any other path before a run, so no path is silently misread.
 */
public final class JsonPaths {
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z_$][\\w$-]*)|\\['([^']*)'\\]|\\[(\\d+)\\]");

    private JsonPaths() {
    }

    /** The segments of a path: names as strings, indexes as integers. */
    public static List<Object> parse(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("JSON path '" + path + "' does not start with $");
        }
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("JSON path '" + path + "' is not supported at position " + at
                        + " (supported: $, .name, ['name'], [index])");
            }
            segments.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2)
                    : Integer.valueOf(m.group(3)));
            at = m.end();
        }
        return segments;
    }

    /** The node at {@code segments}, or a missing node. */
    public static JsonNode select(JsonNode root, List<Object> segments) {
        JsonNode node = root;
        for (Object segment : segments) {
            node = segment instanceof Integer index ? node.path(index) : node.path((String) segment);
        }
        return node;
    }
}
