package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.catalog.ServiceEndpoint;
import io.lightcloud.identity.api.IdentityLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Keystone's views of services, endpoints and regions, for Lightcloud's own (derived) entries and the registered
 * ones alike, and the rule that the derived entries are not changed through the API.
 */
@Component
public class CatalogViews {
    private final ServiceCatalog catalog;
    private final ExternalUrl externalUrl;
    private final IdentityLinks links;

    public CatalogViews(ServiceCatalog catalog, ExternalUrl externalUrl, IdentityLinks links) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.links = requireNonNull(links, "links is null");
    }

    public String region() {
        return catalog.region();
    }

    public List<ServiceEndpoint> derivedServices() {
        return catalog.services();
    }

    public boolean isDerivedService(String id) {
        return catalog.services().stream().anyMatch(s -> s.id().equals(id));
    }

    /** The 403 for changing one of Lightcloud's own entries. */
    public static ApiException derived(String kind, String id) {
        return ApiException.forbidden("The " + kind + " " + id + " is Lightcloud's own catalog entry, derived from "
                + "the services it runs; it cannot be changed through the API.");
    }

    public Map<String, Object> service(HttpServletRequest request, ServiceEndpoint s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("type", s.type());
        view.put("name", s.name());
        view.put("description", "");
        view.put("enabled", true);
        view.put("links", links.self(request, "/services/" + s.id()));
        return view;
    }

    public Map<String, Object> service(HttpServletRequest request, RegisteredService s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("type", s.type());
        if (s.name() != null) {
            view.put("name", s.name());
        }
        if (s.description() != null) {
            view.put("description", s.description());
        }
        view.put("enabled", s.enabled());
        view.put("links", links.self(request, "/services/" + s.id()));
        return view;
    }

    /** Lightcloud's own endpoints: public, internal and admin of each of its services. */
    public List<Map<String, Object>> derivedEndpoints(HttpServletRequest request) {
        String base = externalUrl.resolve(request);
        List<Map<String, Object>> views = new ArrayList<>();
        for (ServiceEndpoint s : catalog.services()) {
            for (String iface : ServiceCatalog.INTERFACES) {
                String id = ServiceCatalog.endpointId(s, iface);
                views.add(endpoint(request, id, s.id(), iface, catalog.region(), base + s.path(), true));
            }
        }
        return views;
    }

    public Map<String, Object> endpoint(HttpServletRequest request, RegisteredEndpoint e) {
        return endpoint(request, e.id(), e.serviceId(), e.iface(), e.regionId(), e.url(), e.enabled());
    }

    private Map<String, Object> endpoint(HttpServletRequest request, String id, String serviceId, String iface,
            String regionId, String url, boolean enabled) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("interface", iface);
        view.put("region", regionId);
        view.put("region_id", regionId);
        view.put("service_id", serviceId);
        view.put("url", url);
        view.put("enabled", enabled);
        view.put("links", links.self(request, "/endpoints/" + id));
        return view;
    }

    public Map<String, Object> region(HttpServletRequest request, CatalogRegion r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("description", r.description());
        view.put("parent_region_id", r.parentRegionId());
        view.put("links", links.self(request, "/regions/" + r.id()));
        return view;
    }

    public Map<String, Object> collection(HttpServletRequest request, String key, List<Map<String, Object>> items) {
        return Map.of(key, items, "links", links.collection(request));
    }
}
