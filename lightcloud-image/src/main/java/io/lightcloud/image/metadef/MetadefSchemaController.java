package io.lightcloud.image.metadef;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON schemas of the metadefs documents ({@code /v2/schemas/metadefs/...}), describing what
 * {@link MetadefInput} accepts; collections wrap their item schema as Glance's do.
 */
@RestController
@RequestMapping("/image/v2/schemas/metadefs")
public class MetadefSchemaController {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final PolicyEnforcer policy;
    private final Map<String, ObjectNode> schemas;

    public MetadefSchemaController(PolicyEnforcer policy) {
        this.policy = requireNonNull(policy, "policy is null");
        ObjectNode property = property();
        ObjectNode object = object(property);
        ObjectNode tag = schema("tag", Map.of("name", string(255), "created_at", timestamp(), "updated_at",
                timestamp()), List.of("name"));
        ObjectNode association = schema("resource_type_association", Map.of("name", string(80), "prefix",
                string(80), "properties_target", string(80), "created_at", timestamp(), "updated_at", timestamp()),
                List.of("name"));
        ObjectNode namespace = namespace(property, object, tag, association);
        this.schemas = Map.of("namespace", namespace, "namespaces", collection("namespaces", namespace),
                "object", object, "objects", collection("objects", object), "property", property,
                "properties", properties(property).put("name", "properties"), "tag", tag,
                "tags", collection("tags", tag),
                "resource_type", association,
                "resource_types", collection("resource_type_associations", association));
    }

    @GetMapping("/{name}")
    public ObjectNode schema(AuthContext caller, @PathVariable String name) {
        policy.enforce("image:get_schema", caller);
        ObjectNode schema = schemas.get(name);
        if (schema == null) {
            throw ApiException.notFound("Schema metadefs/" + name + " not found.");
        }
        return schema;
    }

    private static ObjectNode property() {
        ObjectNode types = JSON.objectNode().put("type", "string");
        ArrayNode names = types.putArray("enum");
        MetadefInput.TYPES.stream().sorted().forEach(names::add);
        return schema("property", Map.ofEntries(Map.entry("name", string(255)), Map.entry("title", string(255)),
                Map.entry("description", JSON.objectNode().put("type", "string")), Map.entry("type", types),
                Map.entry("default", JSON.objectNode()), Map.entry("enum", JSON.objectNode().put("type", "array")),
                Map.entry("minimum", number()), Map.entry("maximum", number()),
                Map.entry("minLength", JSON.objectNode().put("type", "integer").put("minimum", 0)),
                Map.entry("maxLength", JSON.objectNode().put("type", "integer").put("minimum", 0)),
                Map.entry("pattern", JSON.objectNode().put("type", "string").put("format", "regex")),
                Map.entry("items", JSON.objectNode().put("type", "object")),
                Map.entry("readonly", JSON.objectNode().put("type", "boolean")),
                Map.entry("operators", JSON.objectNode().put("type", "array"))), List.of("name", "title", "type"));
    }

    private static ObjectNode object(ObjectNode property) {
        ObjectNode required = JSON.objectNode().put("type", "array");
        required.putObject("items").put("type", "string");
        return schema("object", Map.of("name", string(80), "description", JSON.objectNode().put("type", "string"),
                "required", required, "properties", properties(property), "created_at", timestamp(), "updated_at",
                timestamp(), "schema", readOnly(), "self", readOnly()), List.of("name"));
    }

    private static ObjectNode namespace(ObjectNode property, ObjectNode object, ObjectNode tag,
            ObjectNode association) {
        ObjectNode visibility = JSON.objectNode().put("type", "string");
        visibility.putArray("enum").add("public").add("private");
        return schema("namespace", Map.ofEntries(Map.entry("namespace", string(80)),
                Map.entry("display_name", string(80)), Map.entry("description", string(500)),
                Map.entry("visibility", visibility), Map.entry("protected", JSON.objectNode().put("type", "boolean")),
                Map.entry("owner", string(255)), Map.entry("created_at", timestamp()),
                Map.entry("updated_at", timestamp()), Map.entry("schema", readOnly()), Map.entry("self", readOnly()),
                Map.entry("resource_type_associations", array(association)),
                Map.entry("properties", properties(property)), Map.entry("objects", array(object)),
                Map.entry("tags", array(tag))), List.of("namespace"));
    }

    private static ObjectNode schema(String name, Map<String, ObjectNode> properties, List<String> required) {
        ObjectNode schema = JSON.objectNode().put("name", name).put("additionalProperties", false);
        ObjectNode fields = schema.putObject("properties");
        properties.keySet().stream().sorted().forEach(key -> fields.set(key, properties.get(key)));
        ArrayNode names = schema.putArray("required");
        required.forEach(names::add);
        return schema;
    }

    private static ObjectNode collection(String name, ObjectNode item) {
        ObjectNode schema = JSON.objectNode().put("name", name);
        ObjectNode fields = schema.putObject("properties");
        fields.set(name, array(item));
        fields.set("first", JSON.objectNode().put("type", "string"));
        fields.set("next", JSON.objectNode().put("type", "string"));
        fields.set("schema", JSON.objectNode().put("type", "string"));
        schema.putArray("links").addObject().put("rel", "first").put("href", "{first}");
        return schema;
    }

    /**
     * A map of property definitions, keyed by name: each definition is the property schema without its name. Nested
     * in other schemas the map has no name either (glanceclient would trip on one).
     */
    private static ObjectNode properties(ObjectNode property) {
        ObjectNode definition = property.deepCopy();
        definition.remove("name");
        ((ObjectNode) definition.get("properties")).remove("name");
        ArrayNode required = definition.putArray("required");
        required.add("title").add("type");
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.set("additionalProperties", definition);
        return schema;
    }

    private static ObjectNode array(ObjectNode item) {
        ObjectNode array = JSON.objectNode().put("type", "array");
        array.set("items", item);
        return array;
    }

    private static ObjectNode string(int maxLength) {
        return JSON.objectNode().put("type", "string").put("maxLength", maxLength);
    }

    private static ObjectNode number() {
        return JSON.objectNode().put("type", "number");
    }

    private static ObjectNode timestamp() {
        return JSON.objectNode().put("type", "string").put("format", "date-time").put("readOnly", true);
    }

    private static ObjectNode readOnly() {
        return JSON.objectNode().put("type", "string").put("readOnly", true);
    }
}
