package io.lightcloud.image.core;

import io.lightcloud.common.api.ApiException;
import java.util.Arrays;
import java.util.Locale;

/** Who sees an image besides its owner: everyone (listed or not), nobody, or the projects it is shared with. */
public enum Visibility {
    PUBLIC, PRIVATE, SHARED, COMMUNITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility fromWire(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("Invalid visibility value: " + name
                        + ". Visibility must be one of \"community\", \"public\", \"private\", or \"shared\"."));
    }
}
