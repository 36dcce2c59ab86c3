package io.lightcloud.network.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Neutron's list query parameters over a resource's views: a filter on any attribute (repeated values match any;
 * list attributes match an element, {@code fixed_ips=ip_address=10.0.0.5} a member of an element), the tag filters,
 * {@code sort_key}/{@code sort_dir} (an unknown key is a 400), {@code limit}/{@code marker}/{@code page_reverse} with {@code <collection>_links},
 * and {@code fields}.
 */
public final class ListQuery {
    private static final Set<String> CONTROL = Set.of("fields", "sort_key", "sort_dir", "limit", "marker",
            "page_reverse", "tags", "tags-any", "not-tags", "not-tags-any");

    private final Map<String, String[]> parameters;
    private final String url;

    public ListQuery(HttpServletRequest request, String publicUrl) {
        this.parameters = request.getParameterMap();
        this.url = publicUrl + request.getRequestURI();
    }

    /** Filters, sorts, pages and projects {@code items} into the list answer {@code {"<collection>": [...]}}. */
    public Map<String, Object> answer(String collection, List<Map<String, Object>> items) {
        checkSortKeys(items);
        List<Map<String, Object>> matching = items.stream().filter(this::matches).collect(Collectors.toList());
        matching.sort(order());
        Integer limit = limit();
        String marker = first("marker");
        boolean reverse = "true".equalsIgnoreCase(first("page_reverse"));
        int start = 0;
        int end = matching.size();
        if (marker != null) {
            int index = indexOf(matching, marker);
            if (index < 0) {
                throw NeutronFaults.badRequest("Marker '" + marker + "' could not be found.");
            }
            if (reverse) {
                end = index;
            } else {
                start = index + 1;
            }
        }
        if (limit != null && limit > 0) {
            if (reverse) {
                start = Math.max(start, end - limit);
            } else {
                end = Math.min(end, start + limit);
            }
        }
        List<Map<String, Object>> page = matching.subList(start, end);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(collection, page.stream().map(this::project).toList());
        if (limit != null && limit > 0) {
            List<Map<String, Object>> links = new ArrayList<>();
            if (!page.isEmpty() && end < matching.size()) {
                links.add(link("next", limit, page.get(page.size() - 1).get("id"), false));
            }
            if (!page.isEmpty() && (start > 0 || marker != null)) {
                links.add(link("previous", limit, page.get(0).get("id"), true));
            }
            if (!links.isEmpty()) {
                answer.put(collection + "_links", links);
            }
        }
        return answer;
    }

    /** Applies {@code fields} to one view, for show. */
    public Map<String, Object> project(Map<String, Object> item) {
        String[] fields = parameters.get("fields");
        if (fields == null || fields.length == 0) {
            return item;
        }
        Set<String> wanted = Arrays.stream(fields).flatMap(f -> Arrays.stream(f.split(","))).map(String::trim)
                .collect(Collectors.toSet());
        Map<String, Object> projected = new LinkedHashMap<>();
        item.forEach((key, value) -> {
            if (wanted.contains(key)) {
                projected.put(key, value);
            }
        });
        return projected;
    }

    private boolean matches(Map<String, Object> item) {
        for (Map.Entry<String, String[]> filter : parameters.entrySet()) {
            String name = filter.getKey();
            if (CONTROL.contains(name) || !item.containsKey(name)) {
                continue;
            }
            Object value = item.get(name);
            if (Arrays.stream(filter.getValue()).noneMatch(wanted -> valueMatches(value, wanted))) {
                return false;
            }
        }
        return tagsMatch(item);
    }

    private static boolean valueMatches(Object value, String wanted) {
        if (value instanceof Collection<?> elements) {
            return elements.stream().anyMatch(element -> valueMatches(element, wanted));
        }
        if (value instanceof Map<?, ?> members) {
            int equals = wanted.indexOf('=');
            return equals > 0 && valueMatches(members.get(wanted.substring(0, equals)), wanted.substring(equals + 1));
        }
        if (value == null) {
            return wanted.isEmpty() || wanted.equalsIgnoreCase("none") || wanted.equalsIgnoreCase("null");
        }
        if (value instanceof Boolean bool) {
            return bool == (wanted.equalsIgnoreCase("true") || wanted.equals("1"));
        }
        return value.toString().equals(wanted);
    }

    private boolean tagsMatch(Map<String, Object> item) {
        if (!(item.get("tags") instanceof Collection<?> tags)) {
            return true;
        }
        List<String> all = tagList("tags");
        List<String> any = tagList("tags-any");
        List<String> notAll = tagList("not-tags");
        List<String> notAny = tagList("not-tags-any");
        return (all.isEmpty() || tags.containsAll(all))
                && (any.isEmpty() || any.stream().anyMatch(tags::contains))
                && (notAll.isEmpty() || !tags.containsAll(notAll))
                && (notAny.isEmpty() || notAny.stream().noneMatch(tags::contains));
    }

    private List<String> tagList(String name) {
        String[] values = parameters.get(name);
        if (values == null) {
            return List.of();
        }
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(t -> !t.isEmpty()).toList();
    }

    /**
     * Neutron sorts only by attributes of the resource and refuses any other key. The attributes are those of the
     * views; an empty collection has nothing to sort, so its keys go unchecked.
     */
    private void checkSortKeys(List<Map<String, Object>> items) {
        String[] keys = parameters.getOrDefault("sort_key", new String[0]);
        if (keys.length == 0 || items.isEmpty()) {
            return;
        }
        Set<String> attributes = new HashSet<>();
        items.forEach(item -> attributes.addAll(item.keySet()));
        List<String> absent = Arrays.stream(keys).filter(key -> !attributes.contains(key)).toList();
        if (!absent.isEmpty()) {
            throw NeutronFaults.badRequest(absent.stream().map(key -> "'" + key + "'")
                    .collect(Collectors.joining(", ", "[", "]")) + " is invalid attribute for sort_keys");
        }
    }

    private Comparator<Map<String, Object>> order() {
        String[] keys = parameters.getOrDefault("sort_key", new String[0]);
        String[] dirs = parameters.getOrDefault("sort_dir", new String[0]);
        Comparator<Map<String, Object>> order = (a, b) -> 0;
        for (int i = 0; i < keys.length; i++) {
            String key = keys[i];
            String dir = i < dirs.length ? dirs[i] : "asc";
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw NeutronFaults.badRequest("Sort direction '" + dir + "' is not 'asc' or 'desc'.");
            }
            Comparator<Map<String, Object>> byKey = Comparator.comparing(item -> sortable(item.get(key)),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            order = order.thenComparing(dir.equals("asc") ? byKey : byKey.reversed());
        }
        return order.thenComparing(item -> String.valueOf(item.get("id")));
    }

    private static String sortable(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return String.format("%020d", number.longValue());
        }
        return value.toString();
    }

    private Integer limit() {
        String text = first("limit");
        if (text == null) {
            return null;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 0) {
                throw NeutronFaults.badRequest("Limit must be an integer 0 or greater and not '" + text + "'");
            }
            return limit;
        } catch (NumberFormatException e) {
            throw NeutronFaults.badRequest("Limit must be an integer 0 or greater and not '" + text + "'");
        }
    }

    private String first(String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static int indexOf(List<Map<String, Object>> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).get("id"))) {
                return i;
            }
        }
        return -1;
    }

    private Map<String, Object> link(String rel, int limit, Object markerId, boolean reverse) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, values) -> {
            if (!name.equals("limit") && !name.equals("marker") && !name.equals("page_reverse")) {
                for (String value : values) {
                    query.append(encode(name)).append('=').append(encode(value)).append('&');
                }
            }
        });
        query.append("limit=").append(limit).append("&marker=").append(encode(String.valueOf(markerId)));
        if (reverse) {
            query.append("&page_reverse=True");
        }
        return Map.of("rel", rel, "href", url + "?" + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
