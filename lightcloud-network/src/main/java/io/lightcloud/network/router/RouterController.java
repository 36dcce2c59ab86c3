package io.lightcloud.network.router;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronResource;
import io.lightcloud.network.api.NeutronResourceController;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.core.Routers;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v2.0/routers} with the interface actions. */
@RestController
@RequestMapping("/network/v2.0/routers")
public class RouterController extends NeutronResourceController<Router> {
    private final RouterService service;

    public RouterController(RouterService service, Routers routers, RouterViews views, ExternalUrl externalUrl) {
        super(new NeutronResource<>("router", "routers", service::create, routers::visible, routers::visible,
                service::update, service::delete, (caller, router) -> views.view(router),
                (caller, list) -> views.views(list)), externalUrl);
        this.service = requireNonNull(service, "service is null");
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
