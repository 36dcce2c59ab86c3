package io.lightcloud.network.router;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.ListQuery;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.core.Routers;
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

/** {@code /v2.0/routers} with the interface actions. */
@RestController
@RequestMapping("/network/v2.0/routers")
public class RouterController {
    private final RouterService service;
    private final Routers routers;
    private final RouterViews views;
    private final ExternalUrl externalUrl;

    public RouterController(RouterService service, Routers routers, RouterViews views, ExternalUrl externalUrl) {
        this.service = requireNonNull(service, "service is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.views = requireNonNull(views, "views is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        Router router = service.create(caller, JsonFields.of(body, "router"));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("router", views.view(router)));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        return new ListQuery(request, externalUrl.resolve(request))
                .answer("routers", views.views(routers.visible(caller)));
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        return Map.of("router", new ListQuery(request, externalUrl.resolve(request))
                .project(views.view(routers.visible(caller, id))));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        return Map.of("router", views.view(service.update(caller, id, JsonFields.of(body, "router"))));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        service.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{id}/add_router_interface")
    public Map<String, Object> addInterface(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        return service.addInterface(caller, id, object(body));
    }

    @PutMapping("/{id}/remove_router_interface")
    public Map<String, Object> removeInterface(AuthContext caller, @PathVariable String id,
            @RequestBody JsonNode body) {
        return service.removeInterface(caller, id, object(body));
    }

    private static JsonFields object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw NeutronFaults.badRequest("The request body must be a JSON object.");
        }
        return JsonFields.ofObject(body, "body");
    }
}
