package io.lightcloud.compute.flavor;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The opt-in HA policy: a server whose flavor has the extra spec {@code lightcloud:ha=true}, or whose metadata has
 * {@code lightcloud:ha=true}, is restarted by the controller when its VM stops without a user asking (QEMU died,
 * the guest crashed or powered itself off), at most {@code maxRestarts} times per {@code window}. Metadata wins
 * over the flavor, so {@code lightcloud:ha=false} in metadata opts a server out.
 */
public record HaPolicy(int maxRestarts, Duration window) {
    public static final String KEY = "lightcloud:ha";

    public boolean enabled(Map<String, String> flavorExtraSpecs, Map<String, String> metadata) {
        String value = metadata.containsKey(KEY) ? metadata.get(KEY) : flavorExtraSpecs.get(KEY);
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
