package io.lightcloud.identity.domain;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.ExtraAttributes;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.api.ListFilters;
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.TokenRevoker;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/identity/v3/domains")
public class DomainController {
    private static final Set<String> FIELDS = Set.of("name", "description", "enabled", "tags", "options", "explicit_domain_id");

    private final DomainRepository domains;
    private final DomainDeletion deletion;
    private final PolicyEnforcer policy;
    private final DomainViews views;
    private final IdentityLinks links;
    private final TokenRevoker revoker;

    public DomainController(DomainRepository domains, DomainDeletion deletion, PolicyEnforcer policy,
            DomainViews views, IdentityLinks links, TokenRevoker revoker) {
        this.domains = requireNonNull(domains, "domains is null");
        this.deletion = requireNonNull(deletion, "deletion is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.views = requireNonNull(views, "views is null");
        this.links = requireNonNull(links, "links is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_domains", caller);
        List<Map<String, Object>> items = domains.list().stream()
                .filter(ListFilters.equal(params, "name", Domain::name))
                .filter(ListFilters.enabled(params, Domain::enabled))
                .map(d -> views.domain(request, d)).toList();
        return links.collection(request, "domains", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        Domain domain = domains.find(id).orElse(null);
        policy.enforce("identity:get_domain", caller, Map.of("target.domain.id", id));
        if (domain == null) {
            throw Faults.notFound("domain", id);
        }
        return Map.of("domain", views.domain(request, domain));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:create_domain", caller);
        JsonFields in = JsonFields.of(body, "domain");
        String name = in.requiredNonBlank("name", 64);
        String id = in.string("explicit_domain_id", 64).orElseGet(IdentityIds::newId);
        Domain domain = new Domain(id, name, in.string("description", 1024).orElse(null),
                in.bool("enabled").orElse(true), extra(in));
        try {
            domains.insert(domain);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("domain", "Duplicate entry found with name " + name);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("domain", views.domain(request, domain)));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_domain", caller);
        Domain current = domains.find(id).orElseThrow(() -> Faults.notFound("domain", id));
        JsonFields in = JsonFields.of(body, "domain");
        if (in.has("id") && !id.equals(in.string("id", 64).orElse(null))) {
            throw ApiException.badRequest("The domain id cannot be changed.");
        }
        Map<String, Object> extra = new LinkedHashMap<>(current.extra());
        extra.putAll(extra(in));
        Domain updated = new Domain(id, in.string("name", 64).orElse(current.name()),
                in.has("description") ? in.string("description", 1024).orElse(null) : current.description(),
                in.bool("enabled").orElse(current.enabled()), extra);
        if (Domain.DEFAULT_ID.equals(id) && !updated.enabled()) {
            throw ApiException.forbidden("The default domain cannot be disabled.");
        }
        try {
            domains.update(updated);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("domain", "Duplicate entry found with name " + updated.name());
        }
        if (current.enabled() && !updated.enabled()) {
            revoker.domain(id);
        }
        return Map.of("domain", views.domain(request, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("identity:delete_domain", caller);
        Domain domain = domains.find(id).orElseThrow(() -> Faults.notFound("domain", id));
        if (Domain.DEFAULT_ID.equals(id)) {
            throw ApiException.forbidden("The default domain cannot be deleted.");
        }
        if (domain.enabled()) {
            throw ApiException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
        }
        deletion.delete(id);
        revoker.domain(id);
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> extra(JsonFields in) {
        return ExtraAttributes.from(in, FIELDS);
    }
}
