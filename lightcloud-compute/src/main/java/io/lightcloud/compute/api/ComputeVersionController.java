package io.lightcloud.compute.api;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Nova's version discovery: {@code /compute} lists the versions, v2.0 first as Nova does (clients such as Tempest
 * check the order), then v2.1 with its microversion range; {@code /compute/v2} and {@code /compute/v2.1} describe
 * each. Clients read the range to choose their microversion. None needs a token. Only the v2.1 API is served: v2.0
 * is listed for discovery, as v2.1 without microversions is compatible with it.
 */
@RestController
public class ComputeVersionController {
    private static final String UPDATED = "2013-07-23T11:33:21Z";
    private static final String V20_UPDATED = "2011-01-21T11:33:21Z";

    private final NovaLinks links;

    public ComputeVersionController(NovaLinks links) {
        this.links = requireNonNull(links, "links is null");
    }

    @GetMapping({"/compute", "/compute/"})
    public Map<String, Object> versions(HttpServletRequest request) {
        Map<String, Object> v20 = v20Version(request);
        v20.remove("media-types");
        Map<String, Object> v21 = version(request);
        v21.remove("media-types");
        return Map.of("versions", List.of(v20, v21));
    }

    @GetMapping({"/compute/v2", "/compute/v2/"})
    public Map<String, Object> v20(HttpServletRequest request) {
        return Map.of("version", v20Version(request));
    }

    private Map<String, Object> v20Version(HttpServletRequest request) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.0");
        version.put("status", "SUPPORTED");
        version.put("version", "");
        version.put("min_version", "");
        version.put("updated", V20_UPDATED);
        version.put("links", List.of(
                Map.of("rel", "self", "href", links.base(request) + "/v2/"),
                Map.of("rel", "describedby", "type", "text/html", "href", "http://docs.openstack.org/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.compute+json;version=2")));
        return version;
    }

    @GetMapping({"/compute/v2.1", "/compute/v2.1/"})
    public Map<String, Object> v21(HttpServletRequest request) {
        return Map.of("version", version(request));
    }

    private Map<String, Object> version(HttpServletRequest request) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.1");
        version.put("status", "CURRENT");
        version.put("version", ComputeApiVersion.MAX.toString());
        version.put("min_version", ComputeApiVersion.MIN.toString());
        version.put("updated", UPDATED);
        version.put("links", List.of(
                Map.of("rel", "self", "href", links.base(request) + "/v2.1/"),
                Map.of("rel", "describedby", "type", "text/html", "href", "http://docs.openstack.org/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.compute+json;version=2.1")));
        return version;
    }
}
