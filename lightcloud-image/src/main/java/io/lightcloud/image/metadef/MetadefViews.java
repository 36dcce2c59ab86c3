package io.lightcloud.image.metadef;

import io.lightcloud.image.metadef.MetadefItem.Kind;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Glance's metadefs answers; timestamps in seconds with {@code Z}, links relative to the API root. */
final class MetadefViews {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private MetadefViews() {
    }

    static Map<String, Object> namespace(MetadefNamespace n, List<MetadefRepository.Association> associations) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("namespace", n.namespace());
        if (n.displayName() != null) {
            view.put("display_name", n.displayName());
        }
        if (n.description() != null) {
            view.put("description", n.description());
        }
        view.put("visibility", n.visibility());
        view.put("protected", n.isProtected());
        view.put("owner", n.owner());
        view.put("created_at", time(n.createdAt()));
        view.put("updated_at", time(n.updatedAt() == null ? n.createdAt() : n.updatedAt()));
        if (!associations.isEmpty()) {
            view.put("resource_type_associations", associations.stream().map(MetadefViews::association).toList());
        }
        view.put("schema", "/v2/schemas/metadefs/namespace");
        view.put("self", "/v2/metadefs/namespaces/" + n.namespace());
        return view;
    }

    /** A namespace with everything it defines, as {@code GET /namespaces/{namespace}} answers. */
    static Map<String, Object> namespaceDetail(MetadefNamespace n, List<MetadefRepository.Association> associations,
            List<MetadefItem> properties, List<MetadefItem> objects, List<MetadefItem> tags) {
        Map<String, Object> view = namespace(n, associations);
        if (!properties.isEmpty()) {
            view.put("properties", properties(properties));
        }
        if (!objects.isEmpty()) {
            view.put("objects", objects.stream().map(o -> object(n.namespace(), o)).toList());
        }
        if (!tags.isEmpty()) {
            view.put("tags", tags.stream().map(t -> Map.of("name", t.name())).toList());
        }
        return view;
    }

    static Map<String, Object> association(MetadefRepository.Association a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", a.name());
        if (a.prefix() != null) {
            view.put("prefix", a.prefix());
        }
        if (a.propertiesTarget() != null) {
            view.put("properties_target", a.propertiesTarget());
        }
        view.put("created_at", time(a.createdAt()));
        view.put("updated_at", time(a.updatedAt() == null ? a.createdAt() : a.updatedAt()));
        return view;
    }

    static Map<String, Object> resourceType(MetadefRepository.ResourceType type) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", type.name());
        view.put("created_at", time(type.createdAt()));
        view.put("updated_at", time(type.updatedAt() == null ? type.createdAt() : type.updatedAt()));
        return view;
    }

    static Map<String, Object> item(String namespace, MetadefItem item) {
        return switch (item.kind()) {
            case OBJECT -> object(namespace, item);
            case PROPERTY -> property(item);
            case TAG -> tag(item);
        };
    }

    static Map<String, Object> property(MetadefItem p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", p.name());
        p.document().properties().forEach(e -> view.put(e.getKey(), e.getValue()));
        return view;
    }

    static Map<String, Object> properties(List<MetadefItem> properties) {
        Map<String, Object> view = new LinkedHashMap<>();
        properties.forEach(p -> {
            Map<String, Object> definition = property(p);
            definition.remove("name");
            view.put(p.name(), definition);
        });
        return view;
    }

    static Map<String, Object> object(String namespace, MetadefItem o) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", o.name());
        o.document().properties().forEach(e -> view.put(e.getKey(), e.getValue()));
        view.put("created_at", time(o.createdAt()));
        view.put("updated_at", time(o.updatedAt() == null ? o.createdAt() : o.updatedAt()));
        view.put("schema", "/v2/schemas/metadefs/object");
        view.put("self", "/v2/metadefs/namespaces/" + namespace + "/objects/" + o.name());
        return view;
    }

    static Map<String, Object> tag(MetadefItem t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", t.name());
        view.put("created_at", time(t.createdAt()));
        view.put("updated_at", time(t.updatedAt() == null ? t.createdAt() : t.updatedAt()));
        return view;
    }

    static String collection(Kind kind) {
        return switch (kind) {
            case OBJECT -> "objects";
            case PROPERTY -> "properties";
            case TAG -> "tags";
        };
    }

    private static String time(OffsetDateTime time) {
        return SECONDS.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
