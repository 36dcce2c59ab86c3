package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.token.ServiceCatalog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only {@code /v3/services}, {@code /v3/endpoints} and {@code /v3/regions}. The catalog is derived from the
 * services this controller runs, so it cannot drift from reality and is not edited through the API.
 */
@RestController
@RequestMapping("/identity/v3")
public class CatalogAdminController {
    private final ServiceCatalog catalog;
    private final ExternalUrl externalUrl;
    private final PolicyEnforcer policy;
    private final IdentityLinks links;

    public CatalogAdminController(ServiceCatalog catalog, ExternalUrl externalUrl, PolicyEnforcer policy,
            IdentityLinks links) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.links = requireNonNull(links, "links is null");
    }

    @GetMapping("/services")
    public Map<String, Object> services(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_services", caller);
        List<Map<String, Object>> items = catalog.services().stream()
                .filter(s -> !params.containsKey("type") || params.get("type").equals(s.type()))
                .map(s -> service(request, s)).toList();
        return Map.of("services", items, "links", links.collection(request));
    }

    @GetMapping("/services/{id}")
    public Map<String, Object> service(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:list_services", caller);
        ServiceEndpoint service = catalog.services().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Could not find service: " + id + "."));
        return Map.of("service", service(request, service));
    }

    @GetMapping("/endpoints")
    public Map<String, Object> endpoints(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_endpoints", caller);
        String base = externalUrl.resolve(request);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ServiceEndpoint s : catalog.services()) {
            for (String iface : ServiceCatalog.INTERFACES) {
                if (params.containsKey("interface") && !params.get("interface").equals(iface)
                        || params.containsKey("service_id") && !params.get("service_id").equals(s.id())) {
                    continue;
                }
                Map<String, Object> endpoint = new LinkedHashMap<>();
                String id = ServiceCatalog.endpointId(s, iface);
                endpoint.put("id", id);
                endpoint.put("interface", iface);
                endpoint.put("region", catalog.region());
                endpoint.put("region_id", catalog.region());
                endpoint.put("service_id", s.id());
                endpoint.put("url", base + s.path());
                endpoint.put("enabled", true);
                endpoint.put("links", Map.of("self", links.v3(request) + "/endpoints/" + id));
                items.add(endpoint);
            }
        }
        return Map.of("endpoints", items, "links", links.collection(request));
    }

    @GetMapping("/regions")
    public Map<String, Object> regions(AuthContext caller, HttpServletRequest request) {
        policy.enforce("identity:list_regions", caller);
        return Map.of("regions", List.of(region(request)), "links", links.collection(request));
    }

    @GetMapping("/regions/{id}")
    public Map<String, Object> region(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:list_regions", caller);
        if (!catalog.region().equals(id)) {
            throw ApiException.notFound("Could not find region: " + id + ".");
        }
        return Map.of("region", region(request));
    }

    private Map<String, Object> region(HttpServletRequest request) {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("id", catalog.region());
        region.put("description", "");
        region.put("parent_region_id", null);
        region.put("links", Map.of("self", links.v3(request) + "/regions/" + catalog.region()));
        return region;
    }

    private Map<String, Object> service(HttpServletRequest request, ServiceEndpoint s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("type", s.type());
        view.put("name", s.name());
        view.put("description", "");
        view.put("enabled", true);
        view.put("links", Map.of("self", links.v3(request) + "/services/" + s.id()));
        return view;
    }
}
