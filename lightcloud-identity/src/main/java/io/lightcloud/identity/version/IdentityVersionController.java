package io.lightcloud.identity.version;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.catalog.ExternalUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Keystone's version discovery: the list of versions (300 Multiple Choices) and the v3 document. */
@RestController
public class IdentityVersionController {
    private static final String VERSION_ID = "v3.14";
    private static final String UPDATED = "2020-04-07T00:00:00Z";

    private final ExternalUrl externalUrl;

    public IdentityVersionController(ExternalUrl externalUrl) {
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    @GetMapping({"/identity", "/identity/"})
    public ResponseEntity<Map<String, Object>> versions(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.MULTIPLE_CHOICES)
                .body(Map.of("versions", Map.of("values", List.of(version(request)))));
    }

    @GetMapping({"/identity/v3", "/identity/v3/"})
    public Map<String, Object> v3(HttpServletRequest request) {
        return Map.of("version", version(request));
    }

    private Map<String, Object> version(HttpServletRequest request) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", VERSION_ID);
        version.put("status", "stable");
        version.put("updated", UPDATED);
        version.put("links", List.of(Map.of("rel", "self", "href", externalUrl.resolve(request) + "/identity/v3/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.identity-v3+json")));
        return version;
    }
}
