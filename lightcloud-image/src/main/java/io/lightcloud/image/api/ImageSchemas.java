package io.lightcloud.image.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON schemas Glance publishes under {@code /v2/schemas}, and validation of image properties against the image
 * schema. glanceclient builds its image model from the published schema and validates requests with it before
 * sending them, so the documents and the server's own checks come from the same source.
 */
@Component
public class ImageSchemas {
    private static final String PREFIX = "Provided object does not match schema 'image': ";

    private final ObjectNode image;
    private final ObjectNode member;
    private final ObjectMapper mapper;
    private final Map<String, Pattern> patterns;

    public ImageSchemas(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.image = load("image-schema.json");
        this.member = load("member-schema.json");
        Map<String, Pattern> compiled = new LinkedHashMap<>();
        image.get("properties").properties().forEach(e -> {
            JsonNode pattern = e.getValue().get("pattern");
            if (pattern != null) {
                compiled.put(e.getKey(), Pattern.compile(pattern.stringValue()));
            }
        });
        this.patterns = Map.copyOf(compiled);
    }

    public JsonNode image() {
        return image;
    }

    public JsonNode images() {
        return collection("images", image, true);
    }

    public JsonNode member() {
        return member;
    }

    public JsonNode members() {
        return collection("members", member, false);
    }

    /** Whether {@code name} is one of the schema's properties, as opposed to a free-form one. */
    public boolean isDeclared(String name) {
        return image.get("properties").has(name);
    }

    /**
     * Checks one property value against the image schema: declared properties against their type, enum, length and
     * pattern, others against {@code additionalProperties} (strings).
     *
     * @throws ApiException 400 naming the property and what was wrong
     */
    public void validate(String name, JsonNode value) {
        JsonNode declared = image.get("properties").get(name);
        JsonNode schema = declared != null ? declared : image.get("additionalProperties");
        String problem = check(name, schema, value);
        if (problem != null) {
            throw ApiException.badRequest(PREFIX + problem);
        }
    }

    private String check(String name, JsonNode schema, JsonNode value) {
        JsonNode type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            return "Invalid value for '" + name + "': " + shown(value) + " is not of type " + describe(type) + ".";
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && !contains(allowed, value)) {
            return "Invalid value for '" + name + "': " + shown(value) + " is not one of " + allowed + ".";
        }
        if (value.isString()) {
            JsonNode maxLength = schema.get("maxLength");
            if (maxLength != null && value.stringValue().length() > maxLength.intValue()) {
                return "Invalid value for '" + name + "': it is longer than " + maxLength.intValue() + " characters.";
            }
            Pattern pattern = patterns.get(name);
            if (pattern != null && !pattern.matcher(value.stringValue()).find()) {
                return "Invalid value for '" + name + "': " + shown(value) + " does not match '" + pattern + "'.";
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (JsonNode item : value) {
                String problem = check(name, schema.get("items"), item);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static boolean matchesType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode alternative : type) {
                if (matchesType(alternative, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.stringValue()) {
            case "null" -> value.isNull();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> false;
        };
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode type) {
        if (!type.isArray()) {
            return "'" + type.stringValue() + "'";
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add("'" + t.stringValue() + "'"));
        return String.join(" or ", names);
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    private JsonNode collection(String name, ObjectNode item, boolean paged) {
        ObjectNode collection = mapper.createObjectNode();
        collection.put("name", name);
        ObjectNode properties = collection.putObject("properties");
        ObjectNode items = properties.putObject(name);
        items.put("type", "array");
        items.set("items", item);
        if (paged) {
            properties.putObject("first").put("type", "string");
            properties.putObject("next").put("type", "string");
        }
        properties.putObject("schema").put("type", "string");
        List<Map<String, String>> links = new ArrayList<>();
        if (paged) {
            links.add(Map.of("rel", "first", "href", "{first}"));
            links.add(Map.of("rel", "next", "href", "{next}"));
        }
        links.add(Map.of("rel", "describedby", "href", "{schema}"));
        collection.set("links", mapper.valueToTree(links));
        return collection;
    }

    private ObjectNode load(String resource) {
        try (InputStream in = ImageSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
