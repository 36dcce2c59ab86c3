package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.common.catalog.ServiceEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Keystone service catalog: first Lightcloud's own entries, derived from the services this controller runs (each
 * gets public, internal and admin endpoints at the same external URL, as one process serves them all), then the
 * enabled services admins registered, with their enabled endpoints. Endpoints whose URL names
 * {@code $(project_id)s} (Cinder's) are shown only in project-scoped catalogs, as Keystone does.
 */
public class ServiceCatalog {
    public static final List<String> INTERFACES = List.of("public", "internal", "admin");

    private final List<ServiceEndpoint> services;
    private final ExternalUrl externalUrl;
    private final String region;
    private final CatalogRepository registered;
    private final Map<ServiceEndpoint, List<String>> endpointIds = new HashMap<>();

    public ServiceCatalog(List<ServiceEndpoint> services, ExternalUrl externalUrl, String region,
            CatalogRepository registered) {
        this.services = List.copyOf(services);
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.region = requireNonNull(region, "region is null");
        this.registered = requireNonNull(registered, "registered is null");
        // Every token validation renders the catalog; the ids never change, so hash them once.
        for (ServiceEndpoint service : this.services) {
            endpointIds.put(service, INTERFACES.stream().map(iface -> endpointId(service, iface)).toList());
        }
    }

    public String region() {
        return region;
    }

    public List<ServiceEndpoint> services() {
        return services;
    }

    public List<Map<String, Object>> build(HttpServletRequest request, String projectId) {
        String base = externalUrl.resolve(request);
        List<Map<String, Object>> catalog = new ArrayList<>();
        for (ServiceEndpoint service : services) {
            if (service.path().contains("$(project_id)s") && projectId == null) {
                continue;
            }
            String url = base + service.path().replace("$(project_id)s", projectId == null ? "" : projectId);
            List<Map<String, Object>> endpoints = new ArrayList<>();
            List<String> ids = endpointIds.get(service);
            for (int i = 0; i < INTERFACES.size(); i++) {
                String iface = INTERFACES.get(i);
                Map<String, Object> endpoint = new LinkedHashMap<>();
                endpoint.put("id", ids.get(i));
                endpoint.put("interface", iface);
                endpoint.put("region", region);
                endpoint.put("region_id", region);
                endpoint.put("url", url);
                endpoints.add(endpoint);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("endpoints", endpoints);
            entry.put("id", service.id());
            entry.put("type", service.type());
            entry.put("name", service.name());
            catalog.add(entry);
        }
        addRegistered(catalog, projectId);
        return catalog;
    }

    private void addRegistered(List<Map<String, Object>> catalog, String projectId) {
        Map<String, List<Map<String, Object>>> endpointsByService = new HashMap<>();
        for (RegisteredEndpoint e : registered.endpoints()) {
            if (!e.enabled() || e.url().contains("$(project_id)s") && projectId == null) {
                continue;
            }
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("id", e.id());
            endpoint.put("interface", e.iface());
            endpoint.put("region", e.regionId());
            endpoint.put("region_id", e.regionId());
            endpoint.put("url", e.url().replace("$(project_id)s", projectId == null ? "" : projectId));
            endpointsByService.computeIfAbsent(e.serviceId(), id -> new ArrayList<>()).add(endpoint);
        }
        for (RegisteredService service : registered.services()) {
            List<Map<String, Object>> endpoints = endpointsByService.get(service.id());
            if (!service.enabled() || endpoints == null) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("endpoints", endpoints);
            entry.put("id", service.id());
            entry.put("type", service.type());
            entry.put("name", service.name() == null ? "" : service.name());
            catalog.add(entry);
        }
    }

    public static String endpointId(ServiceEndpoint service, String iface) {
        return UUID.nameUUIDFromBytes((service.id() + "/" + iface).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "");
    }
}
