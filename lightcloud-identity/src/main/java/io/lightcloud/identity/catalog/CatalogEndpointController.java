package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
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
 * {@code /v3/endpoints}: Lightcloud's own endpoints (listed, not changeable) and those admins register for the
 * services they registered. As in Keystone, an endpoint naming a region by the legacy {@code region} attribute
 * creates that region when it does not exist; {@code region_id} must name an existing one.
 */
@RestController
@RequestMapping("/identity/v3/endpoints")
public class CatalogEndpointController {
    private final CatalogRepository registered;
    private final CatalogViews views;
    private final PolicyEnforcer policy;

    public CatalogEndpointController(CatalogRepository registered, CatalogViews views, PolicyEnforcer policy) {
        this.registered = requireNonNull(registered, "registered is null");
        this.views = requireNonNull(views, "views is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_endpoints", caller);
        List<Map<String, Object>> items = new ArrayList<>(views.derivedEndpoints(request));
        registered.endpoints().forEach(e -> items.add(views.endpoint(request, e)));
        items.removeIf(e -> !matches(params, e, "interface") || !matches(params, e, "service_id")
                || !matches(params, e, "region_id"));
        return views.collection(request, "endpoints", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:get_endpoint", caller);
        return views.derivedEndpoints(request).stream().filter(e -> id.equals(e.get("id"))).findFirst()
                .map(e -> Map.<String, Object>of("endpoint", e))
                .orElseGet(() -> Map.of("endpoint", views.endpoint(request, find(id))));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:create_endpoint", caller);
        JsonFields in = JsonFields.of(body, "endpoint");
        String serviceId = service(in.requiredNonBlank("service_id", 64));
        RegisteredEndpoint endpoint = new RegisteredEndpoint(IdentityIds.newId(), serviceId,
                iface(in.requiredNonBlank("interface", 16)), region(in, null), in.requiredNonBlank("url", 2048),
                in.bool("enabled").orElse(true));
        registered.insertEndpoint(endpoint);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("endpoint", views.endpoint(request, endpoint)));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_endpoint", caller);
        RegisteredEndpoint current = changeable(id, request);
        JsonFields in = JsonFields.of(body, "endpoint");
        RegisteredEndpoint updated = new RegisteredEndpoint(id,
                in.has("service_id") ? service(in.requiredNonBlank("service_id", 64)) : current.serviceId(),
                in.has("interface") ? iface(in.requiredNonBlank("interface", 16)) : current.iface(),
                region(in, current.regionId()),
                in.has("url") ? in.requiredNonBlank("url", 2048) : current.url(),
                in.bool("enabled").orElse(current.enabled()));
        registered.updateEndpoint(updated);
        return Map.of("endpoint", views.endpoint(request, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:delete_endpoint", caller);
        changeable(id, request);
        registered.deleteEndpoint(id);
        return ResponseEntity.noContent().build();
    }

    /** A registered service's id: Lightcloud's own services get no endpoints but their own. */
    private String service(String id) {
        if (views.isDerivedService(id)) {
            throw CatalogViews.derived("service", id);
        }
        registered.service(id).orElseThrow(() -> Faults.notFound("service", id));
        return id;
    }

    private static String iface(String iface) {
        if (!ServiceCatalog.INTERFACES.contains(iface)) {
            throw ApiException.badRequest("Invalid input for field 'interface': '" + iface + "' is not one of "
                    + ServiceCatalog.INTERFACES + ".");
        }
        return iface;
    }

    /** The region of the request ({@code region_id}, or the legacy {@code region}, created if new), or current. */
    private String region(JsonFields in, String current) {
        if (in.has("region_id")) {
            String id = in.string("region_id", 255).orElse(null);
            if (id != null && !id.equals(views.region()) && registered.region(id).isEmpty()) {
                throw Faults.notFound("region", id);
            }
            return id;
        }
        if (in.has("region")) {
            String id = in.string("region", 255).orElse(null);
            if (id != null && !id.equals(views.region()) && registered.region(id).isEmpty()) {
                try {
                    registered.insertRegion(new CatalogRegion(id, "", null));
                } catch (DuplicateKeyException concurrentlyCreated) {
                    // Another request made the same region first; it exists either way.
                }
            }
            return id;
        }
        return current;
    }

    private RegisteredEndpoint changeable(String id, HttpServletRequest request) {
        if (views.derivedEndpoints(request).stream().anyMatch(e -> id.equals(e.get("id")))) {
            throw CatalogViews.derived("endpoint", id);
        }
        return find(id);
    }

    private RegisteredEndpoint find(String id) {
        return registered.endpoint(id).orElseThrow(() -> Faults.notFound("endpoint", id));
    }

    private static boolean matches(Map<String, String> params, Map<String, Object> endpoint, String key) {
        return !params.containsKey(key) || params.get(key).equals(endpoint.get(key));
    }
}
