package io.lightcloud.image.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Glance's version discovery. The catalog points at {@code /image}; clients read this document (300 Multiple
 * Choices, or 200 at {@code /versions}) and follow the v2 link. v2.7 (hidden images) is the newest version this
 * service speaks; of the versions before it, the interoperable import of v2.6 is not implemented (clients upload
 * with {@code PUT /file}, which is what they do unless asked to import).
 */
@RestController
public class GlanceVersionController {
    private static final List<String> SUPPORTED = List.of("2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0");
    private static final String CURRENT = "2.7";

    private final ExternalUrl externalUrl;

    public GlanceVersionController(ExternalUrl externalUrl) {
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    @GetMapping({"/image", "/image/"})
    public ResponseEntity<Map<String, Object>> versions(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.MULTIPLE_CHOICES).body(document(request));
    }

    @GetMapping({"/image/versions", "/image/versions/"})
    public Map<String, Object> explicitVersions(HttpServletRequest request) {
        return document(request);
    }

    private Map<String, Object> document(HttpServletRequest request) {
        String href = externalUrl.resolve(request) + "/image/v2/";
        List<Map<String, Object>> versions = new ArrayList<>();
        versions.add(version(CURRENT, "CURRENT", href));
        SUPPORTED.forEach(v -> versions.add(version(v, "SUPPORTED", href)));
        return Map.of("versions", versions);
    }

    private static Map<String, Object> version(String id, String status, String href) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v" + id);
        version.put("status", status);
        version.put("links", List.of(Map.of("rel", "self", "href", href)));
        return version;
    }
}
