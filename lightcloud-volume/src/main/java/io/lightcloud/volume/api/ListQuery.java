package io.lightcloud.volume.api;

import io.lightcloud.common.api.PageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cinder's list parameters: {@code limit}, {@code marker}, {@code sort=key:dir,...} or the older
 * {@code sort_key}/{@code sort_dir}; the default order is newest first. Pages that may continue carry a
 * {@code next} link, as Cinder's {@code volumes_links}.
 */
public final class ListQuery {
    private static final int MAX_LIMIT = 1000;
    private static final List<PageRequest.SortKey> NEWEST_FIRST = List.of(new PageRequest.SortKey("created_at", false));

    private final PageRequest page;
    private final int effectiveLimit;

    private ListQuery(PageRequest page) {
        this.page = page;
        this.effectiveLimit = page.limit() == null ? MAX_LIMIT : page.limit();
    }

    public static ListQuery parse(Map<String, String> params, List<String> sortableKeys) {
        Map<String, String[]> paging = new HashMap<>();
        if (params.containsKey("limit")) {
            paging.put("limit", new String[] {params.get("limit")});
        }
        if (params.containsKey("marker")) {
            paging.put("marker", new String[] {params.get("marker")});
        }
        if (params.containsKey("sort")) {
            List<String> keys = new ArrayList<>();
            List<String> dirs = new ArrayList<>();
            for (String item : params.get("sort").split(",")) {
                String[] parts = item.trim().split(":", 2);
                keys.add(parts[0]);
                dirs.add(parts.length == 2 ? parts[1] : "desc");
            }
            paging.put("sort_key", keys.toArray(String[]::new));
            paging.put("sort_dir", dirs.toArray(String[]::new));
        } else if (params.containsKey("sort_key")) {
            paging.put("sort_key", params.get("sort_key").split(","));
            paging.put("sort_dir", params.getOrDefault("sort_dir", "desc").split(","));
        }
        PageRequest page = PageRequest.fromParameters(paging, MAX_LIMIT, sortableKeys);
        if (page.limit() == null) {
            page = new PageRequest(MAX_LIMIT, page.marker(), page.sort());
        }
        return new ListQuery(page);
    }

    public <T> List<T> apply(List<T> items, Map<String, Function<T, Comparable<?>>> keys, Function<T, String> id) {
        return page.apply(items, keys, id, NEWEST_FIRST);
    }

    /** Adds {@code <collection>_links} with a next link when the page is full, so more may follow. */
    public <T> void addNextLink(Map<String, Object> body, String collection, String url, List<T> pageItems,
            Function<T, String> id) {
        if (!pageItems.isEmpty() && pageItems.size() == effectiveLimit) {
            String next = url + "?limit=" + effectiveLimit + "&marker=" + id.apply(pageItems.get(pageItems.size() - 1));
            body.put(collection + "_links", List.of(Map.of("href", next, "rel", "next")));
        }
    }

    /** A body with the list under {@code collection}, in the order of keys Cinder writes. */
    public static Map<String, Object> body(String collection, List<?> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(collection, items);
        return body;
    }

    /** From microversion 3.45, {@code with_count=true} adds the number of matching items before paging. */
    public static void addCount(Map<String, Object> body, CinderRequest call, Map<String, String> params, int count) {
        if (call.atLeast(3, 45) && params.containsKey("with_count")
                && Boolean.TRUE.equals(CinderValues.bool(params.get("with_count"), "with_count"))) {
            body.put("count", count);
        }
    }
}
