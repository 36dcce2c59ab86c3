package io.lightcloud.identity.api;

import io.lightcloud.common.api.ApiException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Keystone's list filters: exact-match query parameters such as {@code ?name=x&enabled=true}. */
public final class ListFilters {
    private ListFilters() {
    }

    /** A predicate that keeps items whose attribute equals the parameter, or everything when it is absent. */
    public static <T> Predicate<T> equal(Map<String, String> params, String name, Function<T, String> attribute) {
        String wanted = params.get(name);
        return wanted == null ? item -> true : item -> wanted.equals(attribute.apply(item));
    }

    public static <T> Predicate<T> enabled(Map<String, String> params, Function<T, Boolean> attribute) {
        String wanted = params.get("enabled");
        if (wanted == null) {
            return item -> true;
        }
        boolean value = parseBoolean("enabled", wanted);
        return item -> attribute.apply(item) == value;
    }

    /** The policy target of a list call filtered by domain, so domain readers may list their own domain. */
    public static Map<String, Object> domainTarget(Map<String, String> params, String parameter) {
        String domainId = params.get(parameter);
        return domainId == null ? Map.of() : Map.of("target.domain_id", domainId);
    }

    public static boolean parseBoolean(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiException.badRequest("Invalid value '" + text + "' for '" + name
                    + "': expected true or false.");
        };
    }
}
