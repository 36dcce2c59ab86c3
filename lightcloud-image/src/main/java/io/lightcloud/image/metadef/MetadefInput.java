package io.lightcloud.image.metadef;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates metadefs request bodies as Glance's schemas do: namespaces, resource type associations, property
 * definitions (a JSON schema fragment: {@code title} and {@code type} required, known keywords only), objects and
 * tags. Read-only fields a client echoes back ({@code created_at}, {@code schema}, ...) are ignored.
 */
final class MetadefInput {
    static final int NAME_LENGTH = 80;
    static final Set<String> TYPES = Set.of("array", "boolean", "integer", "number", "object", "string", "null");
    private static final Set<String> READ_ONLY = Set.of("created_at", "updated_at", "schema", "self");
    private static final Set<String> PROPERTY_KEYWORDS = Set.of("name", "title", "description", "type", "default",
            "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "items", "additionalItems",
            "uniqueItems", "minItems", "maxItems", "readonly", "operators");

    record Namespace(String namespace, String displayName, String description, String visibility,
            boolean isProtected, String owner, List<Association> associations, Map<String, ObjectNode> properties,
            List<NamedDocument> objects, List<String> tags) {
    }

    record Association(String name, String prefix, String propertiesTarget) {
    }

    record NamedDocument(String name, ObjectNode document) {
    }

    private MetadefInput() {
    }

    static Namespace namespace(JsonNode body) {
        JsonFields in = JsonFields.ofObject(body, "namespace body");
        allowOnly(in, "namespace", "display_name", "description", "visibility", "protected", "owner",
                "resource_type_associations", "properties", "objects", "tags");
        String visibility = in.string("visibility", 16).orElse("private");
        if (!visibility.equals("public") && !visibility.equals("private")) {
            throw ApiException.badRequest("Invalid visibility '" + visibility + "': public or private.");
        }
        Map<String, ObjectNode> properties = new LinkedHashMap<>();
        in.object("properties").ifPresent(p -> p.names().forEach(n -> properties.put(name(n, "properties key"),
                property(p.raw().get(n), "properties." + n))));
        return new Namespace(name(in.requiredString("namespace", NAME_LENGTH), "namespace"),
                in.string("display_name", NAME_LENGTH).orElse(null), in.string("description", 500).orElse(null),
                visibility, in.bool("protected").orElse(false), in.string("owner", 255).orElse(null),
                in.objectList("resource_type_associations").stream().map(MetadefInput::association).toList(),
                properties, in.objectList("objects").stream().map(MetadefInput::object).toList(),
                in.objectList("tags").stream().map(MetadefInput::tag).toList());
    }

    static Association association(JsonFields in) {
        allowOnly(in, "name", "prefix", "properties_target");
        return new Association(name(in.requiredString("name", NAME_LENGTH), "name"),
                in.string("prefix", NAME_LENGTH).orElse(null), in.string("properties_target", NAME_LENGTH).orElse(null));
    }

    static Association association(JsonNode body) {
        return association(JsonFields.ofObject(body, "resource type association"));
    }

    /** A property definition body, with its name; the stored document leaves the name out. */
    static NamedDocument namedProperty(JsonNode body) {
        JsonFields in = JsonFields.ofObject(body, "property");
        String name = name(in.requiredString("name", 255), "name");
        return new NamedDocument(name, property(body, "property"));
    }

    static NamedDocument object(JsonNode body) {
        return object(JsonFields.ofObject(body, "object"));
    }

    static NamedDocument object(JsonFields in) {
        allowOnly(in, "name", "description", "required", "properties");
        String name = name(in.requiredString("name", NAME_LENGTH), "name");
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        in.string("description", 500).ifPresent(d -> document.put("description", d));
        List<String> required = in.stringList("required", 255).orElse(List.of());
        document.putArray("required").addAll(required.stream().map(JsonNodeFactory.instance::stringNode).toList());
        ObjectNode properties = document.putObject("properties");
        in.object("properties").ifPresent(p -> p.names().forEach(n -> properties.set(name(n, "properties key"),
                property(p.raw().get(n), "properties." + n))));
        for (String field : required) {
            if (!properties.has(field)) {
                throw ApiException.badRequest("Object " + name + " requires property '" + field
                        + "', which it does not define.");
            }
        }
        return new NamedDocument(name, document);
    }

    static String tag(JsonNode body) {
        return tag(JsonFields.ofObject(body, "tag"));
    }

    static String tag(JsonFields in) {
        allowOnly(in, "name");
        return name(in.requiredString("name", 255), "name");
    }

    /** A tag or item name given in a URL. */
    static String name(String value, String field) {
        if (value.isBlank() || !value.strip().equals(value)) {
            throw ApiException.badRequest("Invalid " + field + " '" + value + "': it must not be empty nor start or "
                    + "end with white space.");
        }
        return value;
    }

    private static ObjectNode property(JsonNode body, String path) {
        JsonFields in = JsonFields.ofObject(body, path);
        for (String key : in.names()) {
            if (!PROPERTY_KEYWORDS.contains(key) && !READ_ONLY.contains(key)) {
                throw ApiException.badRequest("Provided object does not match schema 'property': Additional "
                        + "properties are not allowed ('" + key + "' was unexpected) in " + path + ".");
            }
        }
        in.requiredString("title", 255);
        String type = in.requiredString("type", 16);
        if (!TYPES.contains(type)) {
            throw ApiException.badRequest("Invalid type '" + type + "' in " + path + ": one of " + TYPES + ".");
        }
        if (in.has("enum") && !in.raw().get("enum").isArray()) {
            throw ApiException.badRequest("Invalid enum in " + path + ": an array is expected.");
        }
        ObjectNode document = in.raw().deepCopy();
        document.remove("name");
        READ_ONLY.forEach(document::remove);
        return document;
    }

    private static void allowOnly(JsonFields in, String... names) {
        Set<String> allowed = new HashSet<>(List.of(names));
        allowed.addAll(READ_ONLY);
        in.allowOnly(allowed);
    }
}
