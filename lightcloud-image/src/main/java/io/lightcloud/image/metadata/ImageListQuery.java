package io.lightcloud.image.metadata;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.PageRequest;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.MemberStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.util.MultiValueMap;

/**
 * The query of {@code GET /v2/images} as Glance parses it: filters ({@code name=in:"a","b"}, {@code size_min},
 * {@code tag} repeated, {@code created_at=gte:<time>}, any other parameter as a property filter), the member status
 * of shared images, visibility, both sorting syntaxes ({@code sort_key}/{@code sort_dir} and {@code sort=key:dir}),
 * and limit/marker paging (25 by default, at most 1000).
 */
public final class ImageListQuery {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;
    private static final List<String> SORT_KEYS =
            List.of("name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at");
    private static final Set<String> VISIBILITIES = Set.of("community", "public", "private", "shared", "all");
    private static final Set<String> CONTROL_PARAMETERS =
            Set.of("limit", "marker", "member_status", "tag", "sort", "sort_key", "sort_dir", "visibility", "os_hidden");
    private static final Map<String, Function<Image, Comparable<?>>> SORT_VALUES = Map.of(
            "name", i -> i.metadata().name(),
            "status", i -> i.status().wireName(),
            "container_format", i -> i.metadata().containerFormat() == null ? null
                    : i.metadata().containerFormat().wireName(),
            "disk_format", i -> i.metadata().diskFormat() == null ? null : i.metadata().diskFormat().wireName(),
            "size", i -> i.data() == null ? null : i.data().size(),
            "id", Image::id,
            "created_at", Image::createdAt,
            "updated_at", Image::updatedAt);

    private final int limit;
    private final String marker;
    private final List<PageRequest.SortKey> sort;
    private final MemberStatus memberStatus;
    private final String visibility;
    private final Predicate<Image> filter;

    private ImageListQuery(int limit, String marker, List<PageRequest.SortKey> sort, MemberStatus memberStatus,
            String visibility, Predicate<Image> filter) {
        this.limit = limit;
        this.marker = marker;
        this.sort = List.copyOf(sort);
        this.memberStatus = memberStatus;
        this.visibility = visibility;
        this.filter = filter;
    }

    /** A page of images and whether more follow it. */
    public record Page(List<Image> images, boolean more) {
        public Page {
            images = List.copyOf(images);
        }
    }

    public static ImageListQuery parse(MultiValueMap<String, String> params) {
        int limit = DEFAULT_LIMIT;
        String limitText = params.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit param must be an integer");
            }
            if (limit < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            limit = Math.min(limit, MAX_LIMIT);
        }
        String memberStatusText = params.getFirst("member_status");
        MemberStatus memberStatus = MemberStatus.ACCEPTED;
        if (memberStatusText != null) {
            memberStatus = memberStatusText.equals("all") ? null : MemberStatus.fromWire(memberStatusText)
                    .orElseThrow(() -> ApiException.badRequest("Invalid status: " + memberStatusText));
        }
        String visibility = params.getFirst("visibility");
        if (visibility != null && !VISIBILITIES.contains(visibility)) {
            throw ApiException.badRequest("Invalid visibility value: " + visibility);
        }
        if (params.containsKey("changes-since")) {
            throw ApiException.badRequest("The \"changes-since\" filter is no longer available on v2.");
        }
        return new ImageListQuery(limit, params.getFirst("marker"), sorting(params), memberStatus, visibility,
                filters(params));
    }

    /** The member status shared images must have to be listed; null for any. */
    public MemberStatus memberStatus() {
        return memberStatus;
    }

    /** The visibility asked for ({@code all} included), or null when the client named none. */
    public String visibility() {
        return visibility;
    }

    public int limit() {
        return limit;
    }

    /** Filters, sorts and cuts the page of {@code candidates} after the marker. */
    public Page page(List<Image> candidates) {
        List<Image> matching = candidates.stream().filter(filter).toList();
        List<Image> page = new PageRequest(limit + 1, marker, sort).apply(matching, SORT_VALUES, Image::id,
                List.of(new PageRequest.SortKey("created_at", false)));
        boolean more = page.size() > limit;
        return new Page(more ? page.subList(0, limit) : page, more);
    }

    private static List<PageRequest.SortKey> sorting(MultiValueMap<String, String> params) {
        List<String> keys = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        if (params.containsKey("sort")) {
            if (params.containsKey("sort_key") || params.containsKey("sort_dir")) {
                throw ApiException.badRequest("Old and new sorting syntax cannot be combined");
            }
            for (String part : params.getFirst("sort").strip().split(",")) {
                int colon = part.indexOf(':');
                keys.add(sortKey(colon < 0 ? part.strip() : part.substring(0, colon).strip()));
                dirs.add(sortDir(colon < 0 ? "desc" : part.substring(colon + 1).strip()));
            }
        } else {
            params.getOrDefault("sort_key", List.of()).forEach(k -> keys.add(sortKey(k.strip())));
            params.getOrDefault("sort_dir", List.of()).forEach(d -> dirs.add(sortDir(d.strip())));
            if (dirs.size() > 1 && dirs.size() != keys.size()) {
                throw ApiException.badRequest("Number of sort dirs does not match the number of sort keys");
            }
        }
        if (keys.isEmpty()) {
            keys.add("created_at");
        }
        List<PageRequest.SortKey> sort = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String dir = dirs.isEmpty() ? "desc" : dirs.size() == 1 ? dirs.get(0) : dirs.get(i);
            sort.add(new PageRequest.SortKey(keys.get(i), dir.equals("asc")));
        }
        return sort;
    }

    private static String sortKey(String key) {
        if (!SORT_KEYS.contains(key)) {
            throw ApiException.badRequest("Invalid sort key: " + key + ". It must be one of the following: "
                    + String.join(", ", SORT_KEYS) + ".");
        }
        return key;
    }

    private static String sortDir(String dir) {
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + dir);
        }
        return dir;
    }

    private static Predicate<Image> filters(MultiValueMap<String, String> params) {
        List<Predicate<Image>> filters = new ArrayList<>();
        String hidden = params.getFirst("os_hidden");
        boolean showHidden = false;
        if (hidden != null) {
            if (!hidden.equalsIgnoreCase("true") && !hidden.equalsIgnoreCase("false")) {
                throw ApiException.badRequest("Invalid value '" + hidden + "' for 'os_hidden' filter. Valid values "
                        + "are 'true' or 'false'.");
            }
            showHidden = hidden.equalsIgnoreCase("true");
        }
        boolean hiddenWanted = showHidden;
        filters.add(i -> i.metadata().hidden() == hiddenWanted);
        List<String> tags = params.getOrDefault("tag", List.of()).stream().map(String::strip).toList();
        if (!tags.isEmpty()) {
            filters.add(i -> i.metadata().tags().containsAll(tags));
        }
        Map<String, Function<Image, String>> attributes = new LinkedHashMap<>();
        attributes.put("name", i -> i.metadata().name());
        attributes.put("id", Image::id);
        attributes.put("status", i -> i.status().wireName());
        attributes.put("container_format", i -> i.metadata().containerFormat() == null ? null
                : i.metadata().containerFormat().wireName());
        attributes.put("disk_format", i -> i.metadata().diskFormat() == null ? null
                : i.metadata().diskFormat().wireName());
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            String value = param.getValue().get(0);
            if (CONTROL_PARAMETERS.contains(name)) {
                continue;
            }
            if (attributes.containsKey(name)) {
                filters.add(operatorFilter(attributes.get(name), value));
            } else if (name.equals("owner")) {
                filters.add(i -> value.equals(i.owner()));
            } else if (name.equals("protected")) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw ApiException.badRequest("Invalid value '" + value + "' for 'protected' filter. Valid values "
                            + "are 'true' or 'false'.");
                }
                filters.add(i -> i.metadata().isProtected() == value.equals("true"));
            } else if (name.equals("size")) {
                long size = rangeValue(value);
                filters.add(i -> i.data() != null && i.data().size() == size);
            } else if (name.equals("size_min") || name.equals("size_max")) {
                long bound = rangeValue(value);
                boolean min = name.equals("size_min");
                filters.add(i -> i.data() != null && (min ? i.data().size() >= bound : i.data().size() <= bound));
            } else if (name.equals("checksum")) {
                filters.add(i -> i.data() != null && value.equals(i.data().checksum()));
            } else if (name.equals("os_hash_value")) {
                filters.add(i -> i.data() != null && value.equals(i.data().hashValue()));
            } else if (name.equals("created_at") || name.equals("updated_at")) {
                filters.add(timeFilter(name, value, name.equals("created_at") ? Image::createdAt : Image::updatedAt));
            } else {
                filters.add(i -> value.equals(i.metadata().properties().get(name)));
            }
        }
        return filters.stream().reduce(i -> true, Predicate::and);
    }

    private static Predicate<Image> operatorFilter(Function<Image, String> attribute, String expression) {
        int colon = expression.indexOf(':');
        String op = colon < 0 ? "eq" : expression.substring(0, colon);
        String operand = colon < 0 ? expression : expression.substring(colon + 1);
        return switch (op) {
            case "eq" -> i -> operand.equals(attribute.apply(i));
            case "in" -> {
                List<String> values = splitQuoted(operand);
                yield i -> values.contains(attribute.apply(i));
            }
            default -> throw ApiException.badRequest("Unable to filter by unknown operator '" + op + "'.");
        };
    }

    /** Splits {@code a,"b,c",d} on commas outside double quotes. */
    static List<String> splitQuoted(String text) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw ApiException.badRequest("Invalid filter value " + text + ". The quote is not closed.");
        }
        values.add(current.toString());
        return values;
    }

    private static Predicate<Image> timeFilter(String name, String expression, Function<Image, Instant> attribute) {
        String op = "eq";
        String time = expression;
        int colon = expression.indexOf(':');
        if (colon > 0 && expression.substring(0, colon).matches("[a-z]+")) {
            op = expression.substring(0, colon);
            time = expression.substring(colon + 1);
        }
        Instant threshold;
        try {
            threshold = Timestamps.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Bad \"" + name + "\" query filter format. Use ISO 8601 DateTime notation.");
        }
        return switch (op) {
            case "eq" -> i -> attribute.apply(i).getEpochSecond() == threshold.getEpochSecond();
            case "neq" -> i -> attribute.apply(i).getEpochSecond() != threshold.getEpochSecond();
            case "gt" -> i -> attribute.apply(i).isAfter(threshold);
            case "gte" -> i -> !attribute.apply(i).isBefore(threshold);
            case "lt" -> i -> attribute.apply(i).isBefore(threshold);
            case "lte" -> i -> !attribute.apply(i).isAfter(threshold);
            default -> throw ApiException.badRequest("Invalid operator " + op + " for " + name + ".");
        };
    }

    private static long rangeValue(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Unable to filter on a range with a non-numeric value.");
        }
    }
}
