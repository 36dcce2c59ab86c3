package io.lightcloud.volume.version;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.volume.api.CinderRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cinder's version discovery: {@code /volume} answers 300 with the versions, {@code /volume/v3} the same list with
 * 200. Clients read {@code min_version} and {@code version} to pick a microversion.
 */
@RestController
public class VolumeVersionController {
    private static final String UPDATED = "2022-08-31T00:00:00Z";

    private final ExternalUrl externalUrl;

    public VolumeVersionController(ExternalUrl externalUrl) {
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    @GetMapping({"/volume", "/volume/"})
    public ResponseEntity<Map<String, Object>> versions(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.MULTIPLE_CHOICES).body(Map.of("versions", List.of(v3(request))));
    }

    @GetMapping({"/volume/v3", "/volume/v3/"})
    public Map<String, Object> v3Versions(HttpServletRequest request) {
        return Map.of("versions", List.of(v3(request)));
    }

    private Map<String, Object> v3(HttpServletRequest request) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v3.0");
        version.put("status", "CURRENT");
        version.put("version", CinderRequests.MAX_VERSION.toString());
        version.put("min_version", CinderRequests.MIN_VERSION.toString());
        version.put("updated", UPDATED);
        version.put("links", List.of(
                Map.of("rel", "describedby", "type", "text/html", "href", "https://docs.openstack.org/"),
                Map.of("rel", "self", "href", externalUrl.resolve(request) + "/volume/v3/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.volume+json;version=3")));
        return version;
    }
}
