package io.lightcloud.identity.user;

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
import io.lightcloud.identity.assignment.EffectiveRoles;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.TokenRevoker;
import io.lightcloud.identity.core.User;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.identity.project.ProjectViews;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
@RequestMapping("/identity/v3/users")
public class UserController {
    private static final Logger log = LoggerFactory.getLogger(UserController.class);
    private static final Set<String> FIELDS =
            Set.of("name", "domain_id", "password", "enabled", "default_project_id", "options", "federated");
    private static final int MAX_PASSWORD = 4096;

    private final UserRepository users;
    private final DomainRepository domains;
    private final ProjectRepository projects;
    private final EffectiveRoles effectiveRoles;
    private final UserDeletion deletion;
    private final PasswordHasher hasher;
    private final PolicyEnforcer policy;
    private final UserViews views;
    private final ProjectViews projectViews;
    private final IdentityLinks links;
    private final TokenRevoker revoker;

    public UserController(UserRepository users, DomainRepository domains, ProjectRepository projects,
            EffectiveRoles effectiveRoles, UserDeletion deletion, PasswordHasher hasher, PolicyEnforcer policy,
            UserViews views, ProjectViews projectViews, IdentityLinks links, TokenRevoker revoker) {
        this.users = requireNonNull(users, "users is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.effectiveRoles = requireNonNull(effectiveRoles, "effectiveRoles is null");
        this.deletion = requireNonNull(deletion, "deletion is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.views = requireNonNull(views, "views is null");
        this.projectViews = requireNonNull(projectViews, "projectViews is null");
        this.links = requireNonNull(links, "links is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_users", caller, ListFilters.domainTarget(params, "domain_id"));
        List<Map<String, Object>> items = users.list().stream()
                .filter(ListFilters.equal(params, "name", User::name))
                .filter(ListFilters.equal(params, "domain_id", User::domainId))
                .filter(ListFilters.enabled(params, User::enabled))
                .map(u -> views.user(request, u)).toList();
        return links.collection(request, "users", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:get_user", caller, Map.of("target.user.id", id));
        User user = users.find(id).orElseThrow(() -> Faults.notFound("user", id));
        return Map.of("user", views.user(request, user));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:create_user", caller);
        JsonFields in = JsonFields.of(body, "user");
        String name = in.requiredNonBlank("name", 255);
        String domainId = domains.existingOrDefault(in.string("domain_id", 64), caller);
        String defaultProject = defaultProject(in);
        String password = in.string("password", MAX_PASSWORD).orElse(null);
        User user = new User(IdentityIds.newId(), name, domainId, in.bool("enabled").orElse(true),
                password == null ? null : hasher.hash(password), defaultProject, ExtraAttributes.from(in, FIELDS), 0,
                null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("user", "Duplicate entry found with name " + name + " at domain ID " + domainId);
        }
        log.info("Created user id={} name={} domain_id={}", user.id(), name, domainId);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("user", views.user(request, user)));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_user", caller, Map.of("target.user.id", id));
        User current = users.find(id).orElseThrow(() -> Faults.notFound("user", id));
        JsonFields in = JsonFields.of(body, "user");
        if (in.has("domain_id") && !current.domainId().equals(in.string("domain_id", 64).orElse(null))) {
            throw ApiException.badRequest("A user cannot be moved to another domain.");
        }
        Map<String, Object> extra = new LinkedHashMap<>(current.extra());
        extra.putAll(ExtraAttributes.from(in, FIELDS));
        String password = in.string("password", MAX_PASSWORD).orElse(null);
        User updated = new User(id, in.string("name", 255).orElse(current.name()), current.domainId(),
                in.bool("enabled").orElse(current.enabled()),
                password != null ? hasher.hash(password) : current.passwordHash(),
                in.has("default_project_id") ? defaultProject(in) : current.defaultProjectId(), extra,
                password != null ? 0 : current.failedAuthCount(), password != null ? null : current.failedAuthAt());
        if (updated.name().isBlank()) {
            throw ApiException.badRequest("Invalid input for field 'user.name': it must not be empty.");
        }
        try {
            users.update(updated);
            if (password != null) {
                users.clearFailedAuth(id);
            }
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("user", "Duplicate entry found with name " + updated.name() + " at domain ID "
                    + updated.domainId());
        }
        if (password != null || (current.enabled() && !updated.enabled())) {
            revoker.user(id);
        }
        return Map.of("user", views.user(request, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("identity:delete_user", caller, Map.of("target.user.id", id));
        users.find(id).orElseThrow(() -> Faults.notFound("user", id));
        if (id.equals(caller.userId())) {
            throw ApiException.forbidden("You cannot delete your own user.");
        }
        deletion.delete(id);
        revoker.user(id);
        log.info("Deleted user id={}", id);
        return ResponseEntity.noContent().build();
    }

    /** A user changes their own password by proving the current one; no token is needed, as in Keystone. */
    @PostMapping("/{id}/password")
    public ResponseEntity<Void> changePassword(@PathVariable String id, @RequestBody JsonNode body) {
        JsonFields in = JsonFields.of(body, "user");
        String original = in.requiredString("original_password", MAX_PASSWORD);
        String password = in.requiredString("password", MAX_PASSWORD);
        User user = users.find(id).orElse(null);
        if (user == null || !hasher.matches(original, user.passwordHash()) || !user.enabled()) {
            if (user == null) {
                hasher.burnTime(original);
            }
            throw Faults.unauthenticated();
        }
        if (password.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'user.password': it must not be empty.");
        }
        users.update(new User(user.id(), user.name(), user.domainId(), user.enabled(), hasher.hash(password),
                user.defaultProjectId(), user.extra(), 0, null));
        users.clearFailedAuth(id);
        revoker.user(id);
        log.info("User id={} changed their password", id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/projects")
    public Map<String, Object> projects(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:list_user_projects", caller, Map.of("target.user.id", id));
        users.find(id).orElseThrow(() -> Faults.notFound("user", id));
        return links.collection(request, "projects",
                effectiveRoles.projectsOf(id).stream().map(p -> projectViews.project(request, p)).toList());
    }

    private String defaultProject(JsonFields in) {
        String projectId = in.string("default_project_id", 64).orElse(null);
        if (projectId != null && projects.find(projectId).map(Project::id).isEmpty()) {
            throw ApiException.badRequest("Could not find the default project: " + projectId + ".");
        }
        return projectId;
    }
}
