package io.lightcloud.compute.store;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
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

    private static final int SHARED_LIMIT = 512;

    private final ObjectMapper mapper;
    private final Map<Class<?>, Map<String, Object>> shared = new ConcurrentHashMap<>();

    public JsonText(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    public Map<String, Object> objectMap(String text) {
        return text == null || text.isEmpty() || text.equals("{}") ? new LinkedHashMap<>()
                : mapper.readValue(text, OBJECT_MAP);
    }

    public Map<String, String> stringMap(String text) {
        return text == null || text.isEmpty() ? new LinkedHashMap<>() : mapper.readValue(text, STRING_MAP);
    }

    public List<String> stringList(String text) {
        return text == null || text.isEmpty() || text.equals("[]") ? List.of() : mapper.readValue(text, STRING_LIST);
    }

    /**
     * Reads an immutable value, reusing the result for equal text: many rows share a flavor or an image, and a
     * list of servers would otherwise parse the same document once per row.
     */
    public <T> T readShared(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        Map<String, Object> cache = shared.computeIfAbsent(type, k -> new ConcurrentHashMap<>());
        Object value = cache.get(text);
        if (value == null) {
            value = mapper.readValue(text, type);
            if (cache.size() >= SHARED_LIMIT) {
                cache.clear();
            }
            cache.put(text, value);
        }
        return type.cast(value);
    }
}
