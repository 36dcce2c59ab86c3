package io.lightcloud.identity.appcred;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.api.ListFilters;
import io.lightcloud.identity.core.ApplicationCredential;
import io.lightcloud.identity.core.ApplicationCredentialRepository;
import io.lightcloud.identity.core.Role;
import io.lightcloud.identity.core.RoleRepository;
import io.lightcloud.identity.core.TokenRevoker;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.identity.user.PasswordHasher;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/identity/v3/users/{userId}/application_credentials")
public class ApplicationCredentialController {
    private static final Logger log = LoggerFactory.getLogger(ApplicationCredentialController.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApplicationCredentialRepository credentials;
    private final UserRepository users;
    private final RoleRepository roles;
    private final PasswordHasher hasher;
    private final PolicyEnforcer policy;
    private final ApplicationCredentialViews views;
    private final IdentityLinks links;
    private final TokenRevoker revoker;

    public ApplicationCredentialController(ApplicationCredentialRepository credentials, UserRepository users,
            RoleRepository roles, PasswordHasher hasher, PolicyEnforcer policy, ApplicationCredentialViews views,
            IdentityLinks links, TokenRevoker revoker) {
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.users = requireNonNull(users, "users is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.views = requireNonNull(views, "views is null");
        this.links = requireNonNull(links, "links is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @PathVariable String userId,
            @RequestBody JsonNode body, HttpServletRequest request) {
        policy.enforce("identity:create_application_credential", caller, Map.of("target.user.id", userId));
        users.find(userId).orElseThrow(() -> Faults.notFound("user", userId));
        if (caller.applicationCredentialId() != null) {
            ApplicationCredential current = credentials.find(caller.applicationCredentialId()).orElse(null);
            if (current == null || !current.unrestricted()) {
                throw ApiException.forbidden("A restricted application credential cannot create application "
                        + "credentials.");
            }
        }
        if (caller.projectId() == null) {
            throw ApiException.badRequest("Creating an application credential needs a project-scoped token.");
        }
        JsonFields in = JsonFields.of(body, "application_credential");
        String name = in.requiredNonBlank("name", 255);
        Instant expiresAt = in.timestamp("expires_at").map(t -> t.toInstant()).orElse(null);
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw ApiException.badRequest("Invalid input for field 'application_credential.expires_at': it is in the "
                    + "past.");
        }
        if (!in.objectList("access_rules").isEmpty()) {
            throw ApiException.badRequest("Access rules on application credentials are not supported.");
        }
        List<Role> granted = requestedRoles(in, caller);
        String secret = in.string("secret", 255).orElseGet(ApplicationCredentialController::newSecret);
        if (secret.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'application_credential.secret': it must not be "
                    + "empty.");
        }
        ApplicationCredential credential = new ApplicationCredential(IdentityIds.newId(), name, userId,
                caller.projectId(), in.string("description", 1024).orElse(null), hasher.hash(secret), expiresAt,
                in.bool("unrestricted").orElse(false), granted.stream().map(Role::id).toList());
        try {
            credentials.insert(credential);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("application_credential", "Duplicate entry found with name " + name);
        }
        log.info("Created application credential id={} user_id={} project_id={}", credential.id(), userId,
                caller.projectId());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("application_credential",
                views.applicationCredential(request, credential, granted, secret)));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable String userId,
            @RequestParam Map<String, String> params, HttpServletRequest request) {
        policy.enforce("identity:list_application_credentials", caller, Map.of("target.user.id", userId));
        users.find(userId).orElseThrow(() -> Faults.notFound("user", userId));
        Map<String, Role> all = roles.byId();
        List<Map<String, Object>> items = credentials.listForUser(userId).stream()
                .filter(ListFilters.equal(params, "name", ApplicationCredential::name))
                .map(c -> views.applicationCredential(request, c, rolesOf(c, all), null)).toList();
        return links.collection(request, "application_credentials", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String userId, @PathVariable String id,
            HttpServletRequest request) {
        policy.enforce("identity:get_application_credential", caller, Map.of("target.user.id", userId));
        ApplicationCredential credential = find(userId, id);
        return Map.of("application_credential",
                views.applicationCredential(request, credential, rolesOf(credential, roles.byId()), null));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String userId, @PathVariable String id) {
        policy.enforce("identity:delete_application_credential", caller, Map.of("target.user.id", userId));
        find(userId, id);
        if (id.equals(caller.applicationCredentialId())) {
            throw ApiException.forbidden("An application credential cannot delete itself.");
        }
        credentials.delete(id);
        revoker.applicationCredential(id);
        log.info("Deleted application credential id={} user_id={}", id, userId);
        return ResponseEntity.noContent().build();
    }

    private ApplicationCredential find(String userId, String id) {
        return credentials.find(id).filter(c -> c.userId().equals(userId))
                .orElseThrow(() -> Faults.notFound("application credential", id));
    }

    private List<Role> requestedRoles(JsonFields in, AuthContext caller) {
        List<Role> all = roles.list();
        List<JsonFields> requested = in.objectList("roles");
        Set<Role> chosen = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            all.stream().filter(r -> r.domainId() == null && caller.hasRole(r.name())).forEach(chosen::add);
        }
        for (JsonFields ref : requested) {
            String id = ref.string("id", 64).orElse(null);
            String name = ref.string("name", 255).orElse(null);
            Role role = all.stream()
                    .filter(r -> id != null ? r.id().equals(id) : Objects.equals(r.name(), name) && r.domainId() == null)
                    .findFirst()
                    .orElseThrow(() -> ApiException.badRequest("Could not find role: " + (id != null ? id : name) + "."));
            if (!caller.hasRole(role.name())) {
                throw ApiException.badRequest("You cannot delegate role " + role.name()
                        + ": your token does not hold it.");
            }
            chosen.add(role);
        }
        return new ArrayList<>(chosen);
    }

    private static List<Role> rolesOf(ApplicationCredential credential, Map<String, Role> all) {
        return credential.roleIds().stream().map(all::get).filter(Objects::nonNull).toList();
    }

    private static String newSecret() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
