package io.lightcloud.image.metadata;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.image.core.ImageMetadata;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * An image update in Glance's JSON-patch dialects: {@code application/openstack-images-v2.1-json-patch} (RFC 6902
 * operation objects) and the older {@code v2.0} one ({@code {"replace": "/name", "value": ...}}). Paths name one
 * property; {@code /tags/<index>} and {@code /tags/-} are accepted as well, and {@code move} within the tags,
 * because openstacksdk diffs the tag list element by element ({@code openstack image set --tag}).
 * {@code application/json} and RFC 6902's {@code application/json-patch+json} are read as the v2.1 dialect: Glance
 * refuses them with 415, but openstack4j sends its patches as {@code application/json}.
 */
public final class ImagePatch {
    public static final String V2_1 = "application/openstack-images-v2.1-json-patch";
    public static final String V2_0 = "application/openstack-images-v2.0-json-patch";
    private static final List<String> RFC_6902_TYPES = List.of(V2_1, "application/json-patch+json",
            "application/json");
    public static final String ACCEPTED_TYPES = V2_0 + ", " + String.join(", ", RFC_6902_TYPES);
    private static final List<String> OPERATIONS = List.of("add", "remove", "replace");

    record Operation(String op, List<String> path, JsonNode value, List<String> from) {
    }

    private final List<Operation> operations;
    private final boolean draft4;

    private ImagePatch(List<Operation> operations, boolean draft4) {
        this.operations = List.copyOf(operations);
        this.draft4 = draft4;
    }

    /** Whether a request's content type is one of the two patch dialects. */
    public static boolean accepts(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            String bare = type.getType() + "/" + type.getSubtype();
            return bare.equals(V2_0) || RFC_6902_TYPES.contains(bare);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static ImagePatch parse(String contentType, JsonNode body) {
        boolean draft4 = MediaType.parseMediaType(contentType).getSubtype().equals("openstack-images-v2.0-json-patch");
        if (body == null || !body.isArray()) {
            throw ApiException.badRequest("Request body must be a JSON array of operation objects.");
        }
        List<Operation> operations = new ArrayList<>();
        for (JsonNode raw : body) {
            if (!raw.isObject()) {
                throw ApiException.badRequest("Operations must be JSON objects.");
            }
            operations.add(draft4 ? parseDraft4(raw) : parseDraft10(raw));
        }
        return new ImagePatch(operations, draft4);
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    /** Applies the operations in order; a failing one fails the whole patch, as nothing is stored until the end. */
    public void apply(ImageMetadata.Builder image, MetadataRules rules) {
        for (Operation operation : operations) {
            String root = operation.path().get(0);
            rules.checkWritable(root);
            if (root.equals("tags") && operation.path().size() == 2) {
                applyToTag(image, rules, operation);
                continue;
            }
            if (operation.path().size() != 1 || operation.op().equals("move")) {
                throw ApiException.badRequest("Invalid JSON pointer for this resource: '/"
                        + String.join("/", operation.path()) + "'");
            }
            switch (operation.op()) {
                case "add" -> {
                    if (draft4 && (rules.isBase(root) || image.properties().containsKey(root))) {
                        throw ApiException.conflict("Property " + root + " already present.");
                    }
                    rules.set(image, root, operation.value());
                }
                case "replace" -> {
                    if (!rules.isBase(root) && !image.properties().containsKey(root)) {
                        throw ApiException.conflict("Property " + root + " does not exist.");
                    }
                    rules.set(image, root, operation.value());
                }
                default -> {
                    if (rules.isBase(root)) {
                        throw ApiException.forbidden("Property " + root + " may not be removed.");
                    }
                    if (image.properties().remove(root) == null) {
                        throw ApiException.conflict("Property " + root + " does not exist.");
                    }
                }
            }
        }
        rules.checkLimits(image);
    }

    private static void applyToTag(ImageMetadata.Builder image, MetadataRules rules, Operation operation) {
        List<String> tags = image.tags();
        String position = operation.path().get(1);
        switch (operation.op()) {
            case "add" -> tags.add(Math.min(index(position, tags.size()), tags.size()), tagValue(rules, operation));
            case "replace" -> {
                int index = existingIndex(position, tags);
                tags.set(index, tagValue(rules, operation));
            }
            case "remove" -> tags.remove(existingIndex(position, tags));
            default -> {
                // A move reorders tags, which are a set: when the diff's indexes no longer fit, nothing is lost.
                if (operation.from() == null || operation.from().size() != 2 || !operation.from().get(0).equals("tags")) {
                    throw ApiException.badRequest("A move must be between two positions of /tags.");
                }
                int from = index(operation.from().get(1), tags.size());
                int to = index(position, tags.size());
                if (from < tags.size() && to < tags.size()) {
                    tags.add(to, tags.remove(from));
                }
            }
        }
    }

    private static String tagValue(MetadataRules rules, Operation operation) {
        if (!operation.value().isString()) {
            throw ApiException.badRequest("Invalid value for 'tags': " + operation.value() + " is not of type 'string'.");
        }
        return rules.tag(operation.value().stringValue());
    }

    private static int existingIndex(String position, List<String> tags) {
        int index = index(position, tags.size());
        if (index >= tags.size()) {
            throw ApiException.conflict("Property tags/" + position + " does not exist.");
        }
        return index;
    }

    private static int index(String position, int size) {
        if (position.equals("-")) {
            return size;
        }
        if (!position.matches("\\d{1,6}")) {
            throw ApiException.badRequest("Invalid JSON pointer for this resource: '/tags/" + position + "'");
        }
        return Integer.parseInt(position);
    }

    private static Operation parseDraft10(JsonNode raw) {
        JsonNode op = raw.get("op");
        if (op == null || !op.isString()) {
            throw ApiException.badRequest("Unable to find `op` in JSON Schema change. It must be one of the "
                    + "following: add, remove, replace.");
        }
        String name = op.stringValue();
        if (!OPERATIONS.contains(name) && !name.equals("move")) {
            throw ApiException.badRequest("Invalid operation: `" + name + "`. It must be one of the following: "
                    + "add, remove, replace.");
        }
        JsonNode path = raw.get("path");
        if (path == null || !path.isString()) {
            throw ApiException.badRequest("Unable to find 'path' in JSON Schema change");
        }
        JsonNode from = raw.get("from");
        if (name.equals("move") && (from == null || !from.isString())) {
            throw ApiException.badRequest("Operation \"move\" requires a member named \"from\".");
        }
        return new Operation(name, pointer(path.stringValue()), value(raw, name),
                name.equals("move") ? pointer(from.stringValue()) : null);
    }

    private static Operation parseDraft4(JsonNode raw) {
        String found = null;
        for (String candidate : OPERATIONS) {
            if (raw.has(candidate)) {
                if (found != null) {
                    throw ApiException.badRequest("Operation objects must contain only one member named \"add\", "
                            + "\"remove\", or \"replace\".");
                }
                found = candidate;
            }
        }
        if (found == null || !raw.get(found).isString()) {
            throw ApiException.badRequest("Operation objects must contain exactly one member named \"add\", "
                    + "\"remove\", or \"replace\".");
        }
        return new Operation(found, pointer(raw.get(found).stringValue()), value(raw, found), null);
    }

    private static JsonNode value(JsonNode raw, String op) {
        if (op.equals("remove") || op.equals("move")) {
            return null;
        }
        if (!raw.has("value")) {
            throw ApiException.badRequest("Operation \"" + op + "\" requires a member named \"value\".");
        }
        return raw.get("value");
    }

    /** Decodes a JSON pointer, accepting the limited form Glance does. */
    static List<String> pointer(String pointer) {
        if (!pointer.startsWith("/")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` does not start with \"/\".");
        }
        if (pointer.length() > 1 && pointer.endsWith("/")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` end with \"/\".");
        }
        if (pointer.substring(1).matches(".*/\\s*/.*")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` contains adjacent \"/\".");
        }
        if (pointer.matches(".*~([^01].*)?")) {
            throw ApiException.badRequest("Pointer `" + pointer + "` contains \"~\" not part of a recognized "
                    + "escape sequence.");
        }
        List<String> parts = new ArrayList<>();
        for (String part : pointer.substring(1).split("/", -1)) {
            parts.add(part.replace("~1", "/").replace("~0", "~").strip());
        }
        if (parts.get(0).isEmpty()) {
            throw ApiException.badRequest("Pointer `" + pointer + "` does not contains valid token.");
        }
        return parts;
    }
}
