package io.lightcloud.identity.token;

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
 * The Keystone service catalog, built from the services this controller runs. Every service gets public, internal
 * and admin endpoints at the same external URL (one process serves them all). Endpoints whose path names
 * {@code $(project_id)s} (Cinder's) are shown only in project-scoped catalogs, as Keystone does.
 */
public class ServiceCatalog {
    public static final List<String> INTERFACES = List.of("public", "internal", "admin");

    private final List<ServiceEndpoint> services;
    private final ExternalUrl externalUrl;
    private final String region;
    private final Map<ServiceEndpoint, List<String>> endpointIds = new HashMap<>();

    public ServiceCatalog(List<ServiceEndpoint> services, ExternalUrl externalUrl, String region) {
        this.services = List.copyOf(services);
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.region = requireNonNull(region, "region is null");
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
        return catalog;
    }

    public static String endpointId(ServiceEndpoint service, String iface) {
        return UUID.nameUUIDFromBytes((service.id() + "/" + iface).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "");
    }
}
