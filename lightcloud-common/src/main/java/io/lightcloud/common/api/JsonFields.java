package io.lightcloud.common.api;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict, readable access to the fields of a JSON request object. Every violation becomes a 400 that names the
 * field by its path ({@code project.name}) and says what was expected, so a client can fix its request.
 */
public final class JsonFields {
    private final ObjectNode node;
    private final String path;

    private JsonFields(ObjectNode node, String path) {
        this.node = requireNonNull(node, "node is null");
        this.path = requireNonNull(path, "path is null");
    }

    /** The object under {@code key} in a request body, as in {@code {"project": {...}}}. */
    public static JsonFields of(JsonNode body, String key) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw ApiException.badRequest("The request body is missing; a JSON object with '" + key + "' is expected.");
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        JsonNode inner = body.get(key);
        if (inner == null || inner.isNull()) {
            throw ApiException.badRequest("'" + key + "' is a required property.");
        }
        if (!inner.isObject()) {
            throw invalid(key, inner, "an object");
        }
        return new JsonFields((ObjectNode) inner, key);
    }

    public static JsonFields ofObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path, node, "an object");
        }
        return new JsonFields((ObjectNode) node, path);
    }

    public boolean has(String name) {
        return node.has(name);
    }

    public ObjectNode raw() {
        return node;
    }

    public Set<String> names() {
        return Set.copyOf(node.propertyNames());
    }

    /** Refuses properties outside {@code allowed}, for request objects whose schema is closed. */
    public JsonFields allowOnly(Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("Additional property '" + name + "' is not allowed in '" + path + "'.");
            }
        }
        return this;
    }

    public String requiredString(String name, int maxLength) {
        return string(name, maxLength).orElseThrow(
                () -> ApiException.badRequest("'" + qualified(name) + "' is a required property."));
    }

    public String requiredNonBlank(String name, int maxLength) {
        String value = requiredString(name, maxLength);
        if (value.isBlank()) {
            throw ApiException.badRequest("Invalid input for field '" + qualified(name) + "': it must not be empty.");
        }
        return value;
    }

    /** A string field; absent and JSON null both give empty. */
    public Optional<String> string(String name, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalid(qualified(name), value, "a string");
        }
        String text = value.stringValue();
        if (text.length() > maxLength) {
            throw ApiException.badRequest("Invalid input for field '" + qualified(name) + "': it is longer than "
                    + maxLength + " characters.");
        }
        return Optional.of(text);
    }

    public Optional<Boolean> bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw invalid(qualified(name), value, "a boolean");
        }
        return Optional.of(value.booleanValue());
    }

    public Optional<Long> integer(String name, long min, long max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.longValue();
        } else if (value.isString() && value.stringValue().matches("-?\\d{1,18}")) {
            number = Long.parseLong(value.stringValue());
        } else {
            throw invalid(qualified(name), value, "an integer");
        }
        if (number < min || number > max) {
            throw ApiException.badRequest("Invalid input for field '" + qualified(name) + "': " + number
                    + " is not between " + min + " and " + max + ".");
        }
        return Optional.of(number);
    }

    public Optional<OffsetDateTime> timestamp(String name) {
        return string(name, 64).map(text -> {
            try {
                return Timestamps.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Invalid input for field '" + qualified(name) + "': '" + text
                        + "' is not an ISO 8601 timestamp.");
            }
        });
    }

    public Optional<List<String>> stringList(String name, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw invalid(qualified(name), value, "an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw invalid(qualified(name), item, "an array of strings");
            }
            if (item.stringValue().length() > maxLength) {
                throw ApiException.badRequest("Invalid input for field '" + qualified(name) + "': an item is longer than "
                        + maxLength + " characters.");
            }
            items.add(item.stringValue());
        }
        return Optional.of(List.copyOf(items));
    }

    public Optional<JsonFields> object(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw invalid(qualified(name), value, "an object");
        }
        return Optional.of(new JsonFields((ObjectNode) value, qualified(name)));
    }

    public List<JsonFields> objectList(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(qualified(name), value, "an array of objects");
        }
        List<JsonFields> items = new ArrayList<>();
        int index = 0;
        for (JsonNode item : value) {
            String itemPath = qualified(name) + "[" + index++ + "]";
            if (!item.isObject()) {
                throw invalid(itemPath, item, "an object");
            }
            items.add(new JsonFields((ObjectNode) item, itemPath));
        }
        return List.copyOf(items);
    }

    private String qualified(String name) {
        return path + "." + name;
    }

    private static ApiException invalid(String field, JsonNode value, String expected) {
        String shown = value == null ? "nothing" : value.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return ApiException.badRequest("Invalid input for field '" + field + "': " + shown + " is not " + expected + ".");
    }
}
