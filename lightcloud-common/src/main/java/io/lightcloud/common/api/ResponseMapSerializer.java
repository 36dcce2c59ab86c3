package io.lightcloud.common.api;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes the {@code Map}s the API views are built of. Jackson's own map serializer looks up a key serializer and a
 * value serializer for every entry (the maps are untyped), which made up a fifth of the time of a large listing
 * such as {@code GET /servers/detail}; strings, numbers, booleans, nulls, maps and lists are written here directly,
 * anything else through Jackson as before. The JSON is the same: entries in the map's order, null values kept.
 */
public final class ResponseMapSerializer extends StdSerializer<Map<?, ?>> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private ResponseMapSerializer() {
        super((Class) Map.class);
    }

    /** The module that installs this serializer for every {@code Map}. */
    public static SimpleModule module() {
        return new SimpleModule("lightcloud-response-maps").addSerializer(new ResponseMapSerializer());
    }

    @Override
    public void serialize(Map<?, ?> map, JsonGenerator generator, SerializationContext context) {
        writeMap(map, generator, context);
    }

    @Override
    public boolean isEmpty(SerializationContext context, Map<?, ?> value) {
        return value.isEmpty();
    }

    private static void writeMap(Map<?, ?> map, JsonGenerator generator, SerializationContext context) {
        generator.writeStartObject(map, map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (key == null) {
                throw new IllegalArgumentException("a response map has a null key");
            }
            generator.writeName(key.toString());
            writeValue(entry.getValue(), generator, context);
        }
        generator.writeEndObject();
    }

    private static void writeValue(Object value, JsonGenerator generator, SerializationContext context) {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Map<?, ?> nested) {
            writeMap(nested, generator, context);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray(list, list.size());
            for (Object item : list) {
                writeValue(item, generator, context);
            }
            generator.writeEndArray();
        } else {
            context.writeValue(generator, value);
        }
    }
}
