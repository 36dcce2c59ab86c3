package io.lightcloud.compute.api;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Nova's version discovery: {@code /compute} lists the versions (v2.1 with its microversion range), and
 * {@code /compute/v2.1} describes v2.1; clients read the range to choose their microversion. Neither needs a token.
 */
@RestController
public class ComputeVersionController {
    private static final String UPDATED = "2013-07-23T11:33:21Z";

    private final NovaLinks links;

    public ComputeVersionController(NovaLinks links) {
        this.links = requireNonNull(links, "links is null");
    }

    @GetMapping({"/compute", "/compute/"})
    public Map<String, Object> versions(HttpServletRequest request) {
        Map<String, Object> version = version(request);
        version.remove("media-types");
        return Map.of("versions", List.of(version));
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
