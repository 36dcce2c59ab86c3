package io.lightcloud.common.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Limit/marker paging and sorting as Nova, Neutron, Cinder and Glance define them: the page starts after the item
 * whose id is the marker, in the requested sort order, and an unknown marker is a 400.
 */
public record PageRequest(Integer limit, String marker, List<SortKey> sort) {
    public record SortKey(String key, boolean ascending) {
    }

    public PageRequest {
        sort = List.copyOf(sort);
        if (limit != null && limit < 0) {
            throw ApiException.badRequest("limit must be a non-negative integer.");
        }
    }

    /** Parses {@code limit}, {@code marker} and repeated {@code sort_key}/{@code sort_dir} parameters. */
    public static PageRequest fromParameters(Map<String, String[]> parameters, int maxLimit, List<String> sortableKeys) {
        Integer limit = null;
        String[] limitValues = parameters.get("limit");
        if (limitValues != null && limitValues.length > 0) {
            try {
                limit = Math.min(Integer.parseInt(limitValues[0]), maxLimit);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit must be an integer, not '" + limitValues[0] + "'.");
            }
        }
        String[] markers = parameters.get("marker");
        String marker = markers == null || markers.length == 0 ? null : markers[0];
        String[] keys = parameters.getOrDefault("sort_key", new String[0]);
        String[] dirs = parameters.getOrDefault("sort_dir", new String[0]);
        List<SortKey> sort = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (!sortableKeys.contains(keys[i])) {
                throw ApiException.badRequest("Sort key '" + keys[i] + "' is not supported; use one of " + sortableKeys + ".");
            }
            String dir = i < dirs.length ? dirs[i] : (dirs.length > 0 ? dirs[dirs.length - 1] : "asc");
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw ApiException.badRequest("Sort direction '" + dir + "' is not 'asc' or 'desc'.");
            }
            sort.add(new SortKey(keys[i], dir.equals("asc")));
        }
        return new PageRequest(limit, marker, sort);
    }

    /**
     * Sorts {@code items} by the requested keys (then by id, so pages are stable) and cuts the page that follows the
     * marker. {@code keyExtractors} maps each sortable key to a comparable value of an item.
     */
    public <T> List<T> apply(List<T> items, Map<String, Function<T, Comparable<?>>> keyExtractors, Function<T, String> id,
            List<SortKey> defaultSort) {
        List<SortKey> effective = sort.isEmpty() ? defaultSort : sort;
        Comparator<T> order = (a, b) -> 0;
        for (SortKey key : effective) {
            Function<T, Comparable<?>> extractor = keyExtractors.get(key.key());
            if (extractor == null) {
                throw ApiException.badRequest("Sort key '" + key.key() + "' is not supported.");
            }
            Comparator<T> byKey = Comparator.comparing(item -> comparable(extractor.apply(item)),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            order = order.thenComparing(key.ascending() ? byKey : byKey.reversed());
        }
        order = order.thenComparing(id);
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(order);
        int start = 0;
        if (marker != null) {
            int index = -1;
            for (int i = 0; i < sorted.size(); i++) {
                if (marker.equals(id.apply(sorted.get(i)))) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw ApiException.badRequest("Marker '" + marker + "' could not be found.");
            }
            start = index + 1;
        }
        int end = limit == null ? sorted.size() : Math.min(sorted.size(), start + limit);
        return List.copyOf(sorted.subList(Math.min(start, end), end));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparable<Object> comparable(Comparable<?> value) {
        return (Comparable) value;
    }
}
