package io.lightcloud.identity.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Builds the {@code links} objects Keystone puts on every entity and collection. */
@Component
public class IdentityLinks {
    private final ExternalUrl externalUrl;

    public IdentityLinks(ExternalUrl externalUrl) {
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    public String v3(HttpServletRequest request) {
        return externalUrl.resolve(request) + "/identity/v3";
    }

    public Map<String, Object> self(HttpServletRequest request, String path) {
        return Map.of("self", v3(request) + path);
    }

    public Map<String, Object> collection(HttpServletRequest request) {
        Map<String, Object> links = new LinkedHashMap<>();
        String query = request.getQueryString();
        links.put("self", externalUrl.resolve(request) + request.getRequestURI() + (query == null ? "" : "?" + query));
        links.put("previous", null);
        links.put("next", null);
        return links;
    }

    /** A list answer: the items under {@code key}, and the collection's links. */
    public Map<String, Object> collection(HttpServletRequest request, String key, List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, items);
        body.put("links", collection(request));
        return body;
    }
}
