package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Reads and writes the JSON text columns that hold free-form attributes and small lists. */
@Component
public class JsonColumns {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public JsonColumns(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    public Map<String, Object> readMap(String text) {
        return text == null || text.isEmpty() ? Map.of() : mapper.readValue(text, MAP);
    }

    public List<String> readList(String text) {
        return text == null || text.isEmpty() ? List.of() : mapper.readValue(text, LIST);
    }
}
