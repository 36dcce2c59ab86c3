package io.lightcloud.network.subnet;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.catalog.ExternalUrl;
import io.lightcloud.network.api.BulkCreate;
import io.lightcloud.network.api.ListQuery;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.Subnets;
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

/** {@code /v2.0/subnets}. */
@RestController
@RequestMapping("/network/v2.0/subnets")
public class SubnetController {
    private final SubnetService service;
    private final Subnets subnets;
    private final SubnetViews views;
    private final ExternalUrl externalUrl;
    private final BulkCreate<Subnet> bulk;

    public SubnetController(SubnetService service, Subnets subnets, SubnetViews views, ExternalUrl externalUrl,
            NetworkTransactions transactions) {
        this.service = requireNonNull(service, "service is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.views = requireNonNull(views, "views is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.bulk = new BulkCreate<>(transactions, "subnet", "subnets");
    }

    /** One subnet, or several in one all-or-nothing bulk request ({@code {"subnets": [...]}}). */
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        return bulk.answer(caller, body, service::create, (who, subnet) -> views.view(subnet));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        return new ListQuery(request, externalUrl.resolve(request))
                .answer("subnets", views.views(subnets.visible(caller)));
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        return Map.of("subnet", new ListQuery(request, externalUrl.resolve(request))
                .project(views.view(subnets.visible(caller, id))));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        return Map.of("subnet", views.view(service.update(caller, id, JsonFields.of(body, "subnet"))));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        service.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
