package io.lightcloud.volume.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parsing of Cinder's list filters that are not plain strings. */
public final class ListFilters {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ListFilters() {
    }

    /**
     * The {@code metadata} filter: cinderclient sends a Python dict literal such as {@code {'k': 'v'}}, other clients
     * JSON; both are read.
     */
    public static Map<String, String> metadata(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text.replace('\'', '"'));
        } catch (RuntimeException e) {
            throw VolumeFaults.invalidInput("Invalid metadata filter '" + text + "': expected a dictionary.");
        }
        if (node == null || !node.isObject()) {
            throw VolumeFaults.invalidInput("Invalid metadata filter '" + text + "': expected a dictionary.");
        }
        Map<String, String> filter = new TreeMap<>();
        node.properties().forEach(e -> filter.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue()
                : e.getValue().toString()));
        return filter;
    }

    /** Whether an admin asked to see every project's resources ({@code all_tenants}). */
    public static boolean allTenants(CinderRequest call, Map<String, String> params) {
        return call.isAdmin() && params.containsKey("all_tenants")
                && !Boolean.FALSE.equals(CinderValues.bool(params.get("all_tenants").isEmpty() ? "true"
                        : params.get("all_tenants"), "all_tenants"));
    }

    /**
     * The project whose resources a list shows: the caller's, or for an admin with {@code all_tenants} every
     * project (null) or the one named by {@code project_id}.
     */
    public static String listedProject(CinderRequest call, Map<String, String> params) {
        if (!allTenants(call, params)) {
            return call.projectId();
        }
        return params.get("project_id");
    }

    /**
     * The filters volumes and snapshots share: {@code name} (or the legacy {@code display_name}), {@code status}
     * and {@code metadata}, which must all match.
     */
    public static <T> Predicate<T> common(Map<String, String> params, Function<T, String> name,
            Function<T, String> status, Function<T, Map<String, String>> metadataOf) {
        Predicate<T> filter = item -> true;
        String wantedName = params.containsKey("name") ? params.get("name") : params.get("display_name");
        if (wantedName != null) {
            filter = filter.and(item -> wantedName.equals(name.apply(item)));
        }
        if (params.containsKey("status")) {
            filter = filter.and(item -> params.get("status").equals(status.apply(item)));
        }
        if (params.containsKey("metadata")) {
            Map<String, String> wanted = metadata(params.get("metadata"));
            filter = filter.and(item -> metadataOf.apply(item).entrySet().containsAll(wanted.entrySet()));
        }
        return filter;
    }
}
