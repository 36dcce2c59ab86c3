package io.lightcloud.volume.metadata;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Validates metadata in requests as Cinder does: string keys of 1 to 255 characters, string values up to 255. */
public final class MetadataInput {
    private MetadataInput() {
    }

    /** The object under {@code key} of a request body, such as {@code {"metadata": {...}}}. */
    public static Map<String, String> read(JsonNode body, String key) {
        return read(JsonFields.of(body, key));
    }

    /** An optional {@code metadata} member of a request object; absent gives an empty map. */
    public static Map<String, String> optional(JsonFields in) {
        return in.object("metadata").map(MetadataInput::read).orElse(Map.of());
    }

    private static Map<String, String> read(JsonFields in) {
        Map<String, String> metadata = new TreeMap<>();
        for (String key : in.names()) {
            if (key.isBlank()) {
                throw invalid("Metadata property key blank.");
            }
            if (key.length() > 255) {
                throw invalid("Metadata property key greater than 255 characters.");
            }
            JsonNode value = in.raw().get(key);
            if (value == null || !value.isString()) {
                throw invalid("Metadata property value of '" + key + "' must be a string.");
            }
            if (value.stringValue().length() > 255) {
                throw invalid("Metadata property value greater than 255 characters.");
            }
            metadata.put(key, value.stringValue());
        }
        return metadata;
    }

    private static ApiException invalid(String reason) {
        return ApiException.badRequest("Invalid metadata: " + reason);
    }
}
