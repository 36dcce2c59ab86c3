package io.lightcloud.network.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.store.NetworkTransactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import tools.jackson.databind.JsonNode;

/**
 * The five calls every Neutron resource answers the same way: create (201), list (with Neutron's filters, fields,
 * sorting and paging), show (with {@code fields}), update, delete (204). A subclass names the path with
 * {@code @RequestMapping} and adds its resource's own actions.
 */
public abstract class NeutronResourceController<T> {
    private final NeutronResource<T> resource;
    private final ExternalUrl externalUrl;
    private final BulkCreate<T> bulk;

    /** A resource created one at a time ({@code {"router": {...}}}). */
    protected NeutronResourceController(NeutronResource<T> resource, ExternalUrl externalUrl) {
        this.resource = requireNonNull(resource, "resource is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.bulk = null;
    }

    /** A resource also created in all-or-nothing bulk requests ({@code {"networks": [...]}}). */
    protected NeutronResourceController(NeutronResource<T> resource, ExternalUrl externalUrl,
            NetworkTransactions transactions) {
        this.resource = requireNonNull(resource, "resource is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.bulk = new BulkCreate<>(transactions, resource.singular(), resource.plural());
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        if (bulk != null) {
            return bulk.answer(caller, body, resource.create(), resource.view());
        }
        T created = resource.create().apply(caller, JsonFields.of(body, resource.singular()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of(resource.singular(), resource.view().apply(caller, created)));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        return new ListQuery(request, externalUrl.resolve(request))
                .answer(resource.plural(), resource.views().apply(caller, resource.list().apply(caller)));
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        return Map.of(resource.singular(), new ListQuery(request, externalUrl.resolve(request))
                .project(resource.view().apply(caller, resource.find().apply(caller, id))));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        T updated = resource.update().update(caller, id, JsonFields.of(body, resource.singular()));
        return Map.of(resource.singular(), resource.view().apply(caller, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        resource.delete().accept(caller, id);
        return ResponseEntity.noContent().build();
    }
}
