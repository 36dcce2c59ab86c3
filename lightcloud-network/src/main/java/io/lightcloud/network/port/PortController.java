package io.lightcloud.network.port;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.BulkCreate;
import io.lightcloud.network.api.ListQuery;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.Ports;
import io.lightcloud.network.store.NetworkTransactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
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

/** {@code /v2.0/ports}. */
@RestController
@RequestMapping("/network/v2.0/ports")
public class PortController {
    private final PortService service;
    private final Ports ports;
    private final PortViews views;
    private final ExternalUrl externalUrl;
    private final BulkCreate<Port> bulk;

    public PortController(PortService service, Ports ports, PortViews views, ExternalUrl externalUrl,
            NetworkTransactions transactions) {
        this.service = requireNonNull(service, "service is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.views = requireNonNull(views, "views is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.bulk = new BulkCreate<>(transactions, "port", "ports");
    }

    /** One port, or several in one all-or-nothing bulk request ({@code {"ports": [...]}}). */
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        return bulk.answer(caller, body, service::create, views::view);
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        return new ListQuery(request, externalUrl.resolve(request))
                .answer("ports", views.views(caller, ports.visible(caller)));
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        return Map.of("port", new ListQuery(request, externalUrl.resolve(request))
                .project(views.view(caller, ports.visible(caller, id))));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        return Map.of("port", views.view(caller, service.update(caller, id, JsonFields.of(body, "port"))));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        service.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
