package io.lightcloud.compute.store;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads and writes the JSON text columns that hold small structured values (flavor snapshots, hints, lists). */
@Component
public class JsonText {
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT_MAP = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public JsonText(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    public Map<String, Object> objectMap(String text) {
        return text == null || text.isEmpty() ? new LinkedHashMap<>() : mapper.readValue(text, OBJECT_MAP);
    }

    public Map<String, String> stringMap(String text) {
        return text == null || text.isEmpty() ? new LinkedHashMap<>() : mapper.readValue(text, STRING_MAP);
    }

    public List<String> stringList(String text) {
        return text == null || text.isEmpty() ? List.of() : mapper.readValue(text, STRING_LIST);
    }

    public <T> T read(String text, Class<T> type) {
        return text == null ? null : mapper.readValue(text, type);
    }

    public JsonNode tree(String text) {
        return mapper.readTree(text);
    }

    public <T> T convert(Object value, Class<T> type) {
        return mapper.convertValue(value, type);
    }
}
