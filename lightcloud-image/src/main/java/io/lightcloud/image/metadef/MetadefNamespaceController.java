package io.lightcloud.image.metadef;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.image.metadef.MetadefItem.Kind;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Glance's metadefs namespaces and resource types ({@code /v2/metadefs}). */
@RestController
@RequestMapping("/image/v2/metadefs")
public class MetadefNamespaceController {
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 1000;

    private final Metadefs metadefs;
    private final MetadefRepository repository;

    public MetadefNamespaceController(Metadefs metadefs, MetadefRepository repository) {
        this.metadefs = requireNonNull(metadefs, "metadefs is null");
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** Newest first, as Glance sorts by default; {@code marker} is a namespace name, {@code limit} at most 1000. */
    @GetMapping("/namespaces")
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params) {
        String visibility = params.get("visibility");
        Set<String> types = params.containsKey("resource_types")
                ? Arrays.stream(params.get("resource_types").split(",")).map(String::trim).collect(Collectors.toSet())
                : null;
        int limit = limit(params.get("limit"));
        Map<Long, List<MetadefRepository.Association>> associations = repository.associations(null).stream()
                .collect(Collectors.groupingBy(MetadefRepository.Association::namespaceId));
        List<MetadefNamespace> matching = metadefs.list(caller).stream()
                .filter(n -> visibility == null || n.visibility().equals(visibility))
                .filter(n -> types == null || associations.getOrDefault(n.id(), List.of()).stream()
                        .anyMatch(a -> types.contains(a.name())))
                .sorted(Comparator.comparing(MetadefNamespace::createdAt).reversed()
                        .thenComparing(MetadefNamespace::namespace))
                .toList();
        int start = 0;
        String marker = params.get("marker");
        if (marker != null) {
            start = matching.stream().map(MetadefNamespace::namespace).toList().indexOf(marker) + 1;
            if (start == 0) {
                throw ApiException.badRequest("Namespace " + marker + " given as marker was not found.");
            }
        }
        List<MetadefNamespace> page = matching.subList(start, Math.min(matching.size(), start + limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespaces", page.stream().map(n -> MetadefViews.namespace(n,
                associations.getOrDefault(n.id(), List.of()))).toList());
        body.put("first", "/v2/metadefs/namespaces");
        body.put("schema", "/v2/schemas/metadefs/namespaces");
        if (start + limit < matching.size()) {
            body.put("next", "/v2/metadefs/namespaces?marker=" + page.get(page.size() - 1).namespace() + "&limit="
                    + limit);
        }
        return body;
    }

    @PostMapping("/namespaces")
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        MetadefNamespace created = metadefs.create(caller, MetadefInput.namespace(body));
        return ResponseEntity.status(HttpStatus.CREATED).body(detail(caller, created));
    }

    @GetMapping("/namespaces/{namespace}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String namespace) {
        return detail(caller, metadefs.get(caller, namespace));
    }

    @PutMapping("/namespaces/{namespace}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String namespace, @RequestBody JsonNode body) {
        MetadefNamespace updated = metadefs.update(caller, namespace, MetadefInput.namespace(body));
        return MetadefViews.namespace(updated, repository.associations(updated.id()));
    }

    @DeleteMapping("/namespaces/{namespace}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String namespace) {
        metadefs.delete(caller, namespace);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/resource_types")
    public Map<String, Object> resourceTypes(AuthContext caller) {
        return Map.of("resource_types", metadefs.resourceTypes(caller).stream().map(MetadefViews::resourceType)
                .toList());
    }

    @GetMapping("/namespaces/{namespace}/resource_types")
    public Map<String, Object> associations(AuthContext caller, @PathVariable String namespace) {
        return Map.of("resource_type_associations", metadefs.associations(caller, namespace).stream()
                .map(MetadefViews::association).toList());
    }

    @PostMapping("/namespaces/{namespace}/resource_types")
    public ResponseEntity<Map<String, Object>> associate(AuthContext caller, @PathVariable String namespace,
            @RequestBody JsonNode body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(MetadefViews.association(
                metadefs.associate(caller, namespace, MetadefInput.association(body))));
    }

    @DeleteMapping("/namespaces/{namespace}/resource_types/{resourceType}")
    public ResponseEntity<Void> dissociate(AuthContext caller, @PathVariable String namespace,
            @PathVariable String resourceType) {
        metadefs.dissociate(caller, namespace, resourceType);
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> detail(AuthContext caller, MetadefNamespace namespace) {
        return MetadefViews.namespaceDetail(namespace, repository.associations(namespace.id()),
                repository.listItems(namespace.id(), Kind.PROPERTY), repository.listItems(namespace.id(), Kind.OBJECT),
                repository.listItems(namespace.id(), Kind.TAG));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return Math.min(limit, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }
}
