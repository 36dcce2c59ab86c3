package io.lightcloud.identity.api;

import io.lightcloud.common.api.JsonFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keystone keeps attributes it does not model (a user's {@code email}, say) and returns them as given; these are
 * the request properties outside an entity's known fields.
 */
public final class ExtraAttributes {
    private static final Set<String> NEVER_STORED = Set.of("id", "links");

    private ExtraAttributes() {
    }

    public static Map<String, Object> from(JsonFields in, Set<String> knownFields) {
        Map<String, Object> extra = new LinkedHashMap<>();
        in.raw().properties().forEach(e -> {
            if (!knownFields.contains(e.getKey()) && !NEVER_STORED.contains(e.getKey()) && !e.getValue().isNull()) {
                extra.put(e.getKey(), e.getValue());
            }
        });
        return extra;
    }
}
