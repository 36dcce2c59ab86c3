package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v3/services}: Lightcloud's own services (listed, not changeable) and the ones admins register, such as
 * the tools of a PaaS beside it, which then appear in the token catalog with their endpoints.
 */
@RestController
@RequestMapping("/identity/v3/services")
public class CatalogServiceController {
    private final CatalogRepository registered;
    private final CatalogViews views;
    private final PolicyEnforcer policy;

    public CatalogServiceController(CatalogRepository registered, CatalogViews views, PolicyEnforcer policy) {
        this.registered = requireNonNull(registered, "registered is null");
        this.views = requireNonNull(views, "views is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_services", caller);
        List<Map<String, Object>> items = new ArrayList<>();
        views.derivedServices().stream().filter(s -> matches(params, s.type(), s.name()))
                .forEach(s -> items.add(views.service(request, s)));
        registered.services().stream().filter(s -> matches(params, s.type(), s.name()))
                .forEach(s -> items.add(views.service(request, s)));
        return views.collection(request, "services", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:get_service", caller);
        return views.derivedServices().stream().filter(s -> s.id().equals(id)).findFirst()
                .map(s -> Map.<String, Object>of("service", views.service(request, s)))
                .orElseGet(() -> Map.of("service", views.service(request, find(id))));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:create_service", caller);
        JsonFields in = JsonFields.of(body, "service");
        RegisteredService service = new RegisteredService(IdentityIds.newId(), in.requiredNonBlank("type", 255),
                in.string("name", 255).orElse(null), in.string("description", 1024).orElse(null),
                in.bool("enabled").orElse(true));
        registered.insertService(service);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("service", views.service(request, service)));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_service", caller);
        RegisteredService current = changeable(id);
        JsonFields in = JsonFields.of(body, "service");
        RegisteredService updated = new RegisteredService(id,
                in.has("type") ? in.requiredNonBlank("type", 255) : current.type(),
                in.has("name") ? in.string("name", 255).orElse(null) : current.name(),
                in.has("description") ? in.string("description", 1024).orElse(null) : current.description(),
                in.bool("enabled").orElse(current.enabled()));
        registered.updateService(updated);
        return Map.of("service", views.service(request, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("identity:delete_service", caller);
        changeable(id);
        registered.deleteService(id);
        return ResponseEntity.noContent().build();
    }

    private RegisteredService changeable(String id) {
        if (views.isDerivedService(id)) {
            throw CatalogViews.derived("service", id);
        }
        return find(id);
    }

    private RegisteredService find(String id) {
        return registered.service(id).orElseThrow(() -> Faults.notFound("service", id));
    }

    private static boolean matches(Map<String, String> params, String type, String name) {
        return (!params.containsKey("type") || params.get("type").equals(type))
                && (!params.containsKey("name") || params.get("name").equals(name));
    }
}
