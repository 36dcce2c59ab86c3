package io.lightcloud.network.floatingip;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.ListQuery;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.FloatingIps;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v2.0/floatingips}. */
@RestController
@RequestMapping("/network/v2.0/floatingips")
public class FloatingIpController {
    private final FloatingIpService service;
    private final FloatingIps floatingIps;
    private final FloatingIpViews views;
    private final ExternalUrl externalUrl;

    public FloatingIpController(FloatingIpService service, FloatingIps floatingIps, FloatingIpViews views, ExternalUrl externalUrl) {
        this.service = requireNonNull(service, "service is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.views = requireNonNull(views, "views is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        FloatingIp floatingIp = service.create(caller, JsonFields.of(body, "floatingip"));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("floatingip", views.view(floatingIp)));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        return new ListQuery(request, externalUrl.resolve(request))
                .answer("floatingips", views.views(floatingIps.visible(caller)));
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        return Map.of("floatingip", new ListQuery(request, externalUrl.resolve(request))
                .project(views.view(floatingIps.visible(caller, id))));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        return Map.of("floatingip", views.view(service.update(caller, id, JsonFields.of(body, "floatingip"))));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        service.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
