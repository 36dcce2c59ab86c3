package io.lightcloud.identity.role;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.api.ListFilters;
import io.lightcloud.identity.core.Assignment;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.ImpliedRoles;
import io.lightcloud.identity.core.Role;
import io.lightcloud.identity.core.RoleRepository;
import io.lightcloud.identity.core.TokenRevoker;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Roles and the implied-role rules between them ({@code /v3/roles}, {@code /v3/role_inferences}). */
@RestController
@RequestMapping("/identity/v3")
public class RoleController {
    private final RoleRepository roles;
    private final AssignmentRepository assignments;
    private final PolicyEnforcer policy;
    private final RoleViews views;
    private final IdentityLinks links;
    private final TokenRevoker revoker;

    public RoleController(RoleRepository roles, AssignmentRepository assignments, PolicyEnforcer policy,
            RoleViews views, IdentityLinks links, TokenRevoker revoker) {
        this.roles = requireNonNull(roles, "roles is null");
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.views = requireNonNull(views, "views is null");
        this.links = requireNonNull(links, "links is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
    }

    @GetMapping("/roles")
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_roles", caller);
        List<Map<String, Object>> items = roles.list().stream()
                .filter(ListFilters.equal(params, "name", Role::name))
                .filter(r -> !params.containsKey("domain_id") || params.get("domain_id").equals(r.domainId()))
                .filter(r -> params.containsKey("domain_id") || r.domainId() == null)
                .map(r -> views.role(request, r)).toList();
        return links.collection(request, "roles", items);
    }

    @GetMapping("/roles/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:get_role", caller);
        return Map.of("role", views.role(request, find(id)));
    }

    @PostMapping("/roles")
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:create_role", caller);
        JsonFields in = JsonFields.of(body, "role");
        String name = in.requiredNonBlank("name", 255);
        Role role = new Role(IdentityIds.newId(), name, in.string("domain_id", 64).orElse(null),
                in.string("description", 255).orElse(null));
        try {
            roles.insert(role);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("role", "Duplicate entry found with name " + name);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("role", views.role(request, role)));
    }

    @PatchMapping("/roles/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_role", caller);
        Role current = find(id);
        JsonFields in = JsonFields.of(body, "role");
        Role updated = new Role(id, in.string("name", 255).orElse(current.name()), current.domainId(),
                in.has("description") ? in.string("description", 255).orElse(null) : current.description());
        if (isBootstrapRole(current) && !updated.name().equals(current.name())) {
            throw ApiException.forbidden("The " + current.name() + " role cannot be renamed: policies refer to it.");
        }
        try {
            roles.update(updated);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("role", "Duplicate entry found with name " + updated.name());
        }
        return Map.of("role", views.role(request, updated));
    }

    @DeleteMapping("/roles/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("identity:delete_role", caller);
        Role role = find(id);
        if (isBootstrapRole(role)) {
            throw ApiException.forbidden("The " + role.name() + " role cannot be deleted: policies refer to it.");
        }
        Set<String> affectedUsers = new TreeSet<>();
        for (Assignment a : assignments.list()) {
            if (a.roleId().equals(id) && a.actorType() == Assignment.ActorType.USER) {
                affectedUsers.add(a.actorId());
            }
        }
        roles.delete(id);
        affectedUsers.forEach(revoker::user);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/roles/{priorId}/implies")
    public Map<String, Object> implied(AuthContext caller, @PathVariable String priorId, HttpServletRequest request) {
        policy.enforce("identity:list_implied_roles", caller);
        Role prior = find(priorId);
        List<Map<String, Object>> implies = new ArrayList<>();
        for (String[] pair : roles.implications()) {
            if (pair[0].equals(priorId)) {
                roles.find(pair[1]).ifPresent(r -> implies.add(views.roleRef(request, r)));
            }
        }
        return Map.of("role_inference", inference(request, prior, implies),
                "links", Map.of("self", links.v3(request) + "/roles/" + priorId + "/implies"));
    }

    @PutMapping("/roles/{priorId}/implies/{impliedId}")
    public ResponseEntity<Map<String, Object>> addImplied(AuthContext caller, @PathVariable String priorId,
            @PathVariable String impliedId, HttpServletRequest request) {
        policy.enforce("identity:create_implied_role", caller);
        Role prior = find(priorId);
        Role implied = find(impliedId);
        if (priorId.equals(impliedId) || new ImpliedRoles(roles.implications()).wouldCycle(priorId, impliedId)) {
            throw ApiException.forbidden("Role " + implied.name() + " already implies " + prior.name()
                    + "; the rule would form a cycle.");
        }
        roles.addImplication(priorId, impliedId);
        return ResponseEntity.status(HttpStatus.CREATED).body(implicationBody(request, prior, implied));
    }

    @GetMapping("/roles/{priorId}/implies/{impliedId}")
    public Map<String, Object> getImplied(AuthContext caller, @PathVariable String priorId,
            @PathVariable String impliedId, HttpServletRequest request) {
        policy.enforce("identity:get_implied_role", caller);
        Role prior = find(priorId);
        Role implied = find(impliedId);
        requireImplication(priorId, impliedId);
        return implicationBody(request, prior, implied);
    }

    @RequestMapping(path = "/roles/{priorId}/implies/{impliedId}", method = RequestMethod.HEAD)
    public ResponseEntity<Void> checkImplied(AuthContext caller, @PathVariable String priorId,
            @PathVariable String impliedId) {
        policy.enforce("identity:get_implied_role", caller);
        find(priorId);
        find(impliedId);
        requireImplication(priorId, impliedId);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/roles/{priorId}/implies/{impliedId}")
    public ResponseEntity<Void> removeImplied(AuthContext caller, @PathVariable String priorId,
            @PathVariable String impliedId) {
        policy.enforce("identity:delete_implied_role", caller);
        find(priorId);
        find(impliedId);
        if (!roles.removeImplication(priorId, impliedId)) {
            throw ApiException.notFound("Role " + priorId + " does not imply " + impliedId + ".");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/role_inferences")
    public Map<String, Object> inferences(AuthContext caller, HttpServletRequest request) {
        policy.enforce("identity:list_role_inference_rules", caller);
        Map<String, List<Map<String, Object>>> byPrior = new LinkedHashMap<>();
        for (String[] pair : roles.implications()) {
            roles.find(pair[1]).ifPresent(r -> byPrior.computeIfAbsent(pair[0], k -> new ArrayList<>())
                    .add(views.roleRef(request, r)));
        }
        List<Map<String, Object>> inferences = new ArrayList<>();
        byPrior.forEach((priorId, implies) -> roles.find(priorId)
                .ifPresent(prior -> inferences.add(inference(request, prior, implies))));
        return Map.of("role_inferences", inferences,
                "links", Map.of("self", links.v3(request) + "/role_inferences"));
    }

    private void requireImplication(String priorId, String impliedId) {
        boolean present = roles.implications().stream().anyMatch(p -> p[0].equals(priorId) && p[1].equals(impliedId));
        if (!present) {
            throw ApiException.notFound("Role " + priorId + " does not imply " + impliedId + ".");
        }
    }

    private Map<String, Object> implicationBody(HttpServletRequest request, Role prior, Role implied) {
        Map<String, Object> inference = new LinkedHashMap<>();
        inference.put("prior_role", views.roleRef(request, prior));
        inference.put("implies", views.roleRef(request, implied));
        return Map.of("role_inference", inference, "links",
                Map.of("self", links.v3(request) + "/roles/" + prior.id() + "/implies/" + implied.id()));
    }

    private Map<String, Object> inference(HttpServletRequest request, Role prior, List<Map<String, Object>> implies) {
        Map<String, Object> inference = new LinkedHashMap<>();
        inference.put("prior_role", views.roleRef(request, prior));
        inference.put("implies", implies);
        return inference;
    }

    private static boolean isBootstrapRole(Role role) {
        return role.domainId() == null
                && (role.name().equals(Role.ADMIN) || role.name().equals(Role.MEMBER) || role.name().equals(Role.READER));
    }

    private Role find(String id) {
        return roles.find(id).orElseThrow(() -> Faults.notFound("role", id));
    }
}
