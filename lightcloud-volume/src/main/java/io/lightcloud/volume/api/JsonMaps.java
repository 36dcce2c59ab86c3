package io.lightcloud.volume.api;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Plain maps from JSON objects, for free-form request members such as a connector. */
public final class JsonMaps {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private JsonMaps() {
    }

    public static Map<String, Object> toMap(ObjectNode node) {
        return JSON.convertValue(node, OBJECT);
    }

    /** An empty JSON object, for actions whose arguments may be null. */
    public static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
