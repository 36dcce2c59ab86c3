package io.lightcloud.network.store;

import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** List-valued attributes kept as JSON text in one column. */
public final class JsonColumns {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, String>>> OBJECTS = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static List<String> strings(String text) {
        return List.copyOf(JSON.readValue(text, STRINGS));
    }

    public static List<Map<String, String>> objects(String text) {
        return JSON.readValue(text, OBJECTS).stream().map(Map::copyOf).toList();
    }
}
