package io.lightcloud.image.metadef;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.image.metadef.MetadefItem.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A namespace's objects, property definitions and tags ({@code /v2/metadefs/namespaces/{namespace}/...}). */
@RestController
@RequestMapping("/image/v2/metadefs/namespaces/{namespace}")
public class MetadefItemController {
    private final Metadefs metadefs;

    public MetadefItemController(Metadefs metadefs) {
        this.metadefs = requireNonNull(metadefs, "metadefs is null");
    }

    @GetMapping("/objects")
    public Map<String, Object> objects(AuthContext caller, @PathVariable String namespace) {
        return Map.of("objects", metadefs.items(caller, namespace, Kind.OBJECT).stream()
                .map(o -> MetadefViews.object(namespace, o)).toList(), "schema", "v2/schemas/metadefs/objects");
    }

    @GetMapping("/properties")
    public Map<String, Object> properties(AuthContext caller, @PathVariable String namespace) {
        return Map.of("properties", MetadefViews.properties(metadefs.items(caller, namespace, Kind.PROPERTY)));
    }

    @GetMapping("/tags")
    public Map<String, Object> tags(AuthContext caller, @PathVariable String namespace) {
        return Map.of("tags", metadefs.items(caller, namespace, Kind.TAG).stream().map(MetadefViews::tag).toList());
    }

    @PostMapping("/objects")
    public ResponseEntity<Map<String, Object>> createObject(AuthContext caller, @PathVariable String namespace,
            @RequestBody JsonNode body) {
        MetadefInput.NamedDocument object = MetadefInput.object(body);
        return created(namespace, metadefs.create(caller, namespace, Kind.OBJECT, object.name(), object.document()));
    }

    @PostMapping("/properties")
    public ResponseEntity<Map<String, Object>> createProperty(AuthContext caller, @PathVariable String namespace,
            @RequestBody JsonNode body) {
        MetadefInput.NamedDocument property = MetadefInput.namedProperty(body);
        return created(namespace, metadefs.create(caller, namespace, Kind.PROPERTY, property.name(),
                property.document()));
    }

    @PostMapping("/tags/{tag}")
    public ResponseEntity<Map<String, Object>> createTag(AuthContext caller, @PathVariable String namespace,
            @PathVariable String tag) {
        return created(namespace, metadefs.create(caller, namespace, Kind.TAG, MetadefInput.name(tag, "tag"),
                JsonNodeFactory.instance.objectNode()));
    }

    /** Replaces every tag, or adds to them with {@code X-Openstack-Append: True}. */
    @PostMapping("/tags")
    public ResponseEntity<Map<String, Object>> createTags(AuthContext caller, @PathVariable String namespace,
            @RequestHeader(name = "X-Openstack-Append", required = false) String append, @RequestBody JsonNode body) {
        List<String> tags = JsonFields.ofObject(body, "body").objectList("tags").stream().map(MetadefInput::tag)
                .toList();
        List<MetadefItem> created = metadefs.replaceTags(caller, namespace, tags, "true".equalsIgnoreCase(append));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("tags", created.stream()
                .map(t -> Map.of("name", t.name())).toList()));
    }

    @GetMapping("/{collection:objects|properties|tags}/{name}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String namespace,
            @PathVariable String collection, @PathVariable String name) {
        return MetadefViews.item(namespace, metadefs.item(caller, namespace, kind(collection), name));
    }

    @PutMapping("/{collection:objects|properties|tags}/{name}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String namespace,
            @PathVariable String collection, @PathVariable String name, @RequestBody JsonNode body) {
        Kind kind = kind(collection);
        MetadefInput.NamedDocument input = switch (kind) {
            case OBJECT -> MetadefInput.object(body);
            case PROPERTY -> MetadefInput.namedProperty(body);
            case TAG -> new MetadefInput.NamedDocument(MetadefInput.tag(body), JsonNodeFactory.instance.objectNode());
        };
        return MetadefViews.item(namespace, metadefs.update(caller, namespace, kind, name, input.name(),
                input.document()));
    }

    @DeleteMapping("/{collection:objects|properties|tags}/{name}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String namespace,
            @PathVariable String collection, @PathVariable String name) {
        metadefs.delete(caller, namespace, kind(collection), name);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{collection:objects|properties|tags}")
    public ResponseEntity<Void> deleteAll(AuthContext caller, @PathVariable String namespace,
            @PathVariable String collection) {
        metadefs.deleteAll(caller, namespace, kind(collection));
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<Map<String, Object>> created(String namespace, MetadefItem item) {
        return ResponseEntity.status(HttpStatus.CREATED).body(new LinkedHashMap<>(MetadefViews.item(namespace, item)));
    }

    private static Kind kind(String collection) {
        return switch (collection) {
            case "objects" -> Kind.OBJECT;
            case "properties" -> Kind.PROPERTY;
            default -> Kind.TAG;
        };
    }
}
