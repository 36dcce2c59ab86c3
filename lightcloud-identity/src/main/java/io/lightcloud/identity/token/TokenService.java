package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import io.lightcloud.identity.assignment.EffectiveRoles;
import io.lightcloud.identity.core.ApplicationCredential;
import io.lightcloud.identity.core.ApplicationCredentialRepository;
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.LoginLockout;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.Role;
import io.lightcloud.identity.core.RoleRepository;
import io.lightcloud.identity.core.TokenRevoker;
import io.lightcloud.identity.core.User;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.identity.token.TokenPayload.AppCredentialRef;
import io.lightcloud.identity.token.TokenPayload.RoleRef;
import io.lightcloud.identity.token.TokenPayload.Scope;
import io.lightcloud.identity.user.PasswordHasher;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Issues, validates and revokes tokens, following Keystone's {@code /v3/auth/tokens}: the password, token and
 * application_credential methods, and project, domain or no scope. Validation touches no database.
 */
public class TokenService {
    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    private static final int DECODED_CACHE_SIZE = 10_000;

    private final TokenCodec codec;
    private final RevocationList revocations;
    private final TokenRevoker revoker;
    private final UserRepository users;
    private final DomainRepository domains;
    private final ProjectRepository projects;
    private final RoleRepository roles;
    private final EffectiveRoles effectiveRoles;
    private final ApplicationCredentialRepository applicationCredentials;
    private final PasswordHasher hasher;
    private final LoginLockout lockout;
    private final Duration lifetime;
    private final Map<String, TokenPayload> decoded = new ConcurrentHashMap<>();

    public TokenService(TokenCodec codec, RevocationList revocations, TokenRevoker revoker, UserRepository users,
            DomainRepository domains, ProjectRepository projects, RoleRepository roles, EffectiveRoles effectiveRoles,
            ApplicationCredentialRepository applicationCredentials, PasswordHasher hasher, LoginLockout lockout,
            Duration lifetime) {
        this.codec = requireNonNull(codec, "codec is null");
        this.revocations = requireNonNull(revocations, "revocations is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
        this.users = requireNonNull(users, "users is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.effectiveRoles = requireNonNull(effectiveRoles, "effectiveRoles is null");
        this.applicationCredentials = requireNonNull(applicationCredentials, "applicationCredentials is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.lockout = requireNonNull(lockout, "lockout is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
    }

    /** The outcome of an authentication: the signed token and what it says. */
    public record IssuedToken(String token, TokenPayload payload) {
    }

    private record Authenticated(User user, List<String> methods, Instant expiresAt, List<String> parentAuditIds,
            ApplicationCredential applicationCredential) {
    }

    public IssuedToken issue(JsonNode body) {
        JsonFields auth = JsonFields.of(body, "auth");
        JsonFields identity = auth.object("identity")
                .orElseThrow(() -> ApiException.badRequest("'auth.identity' is a required property."));
        List<String> methods = identity.stringList("methods", 64)
                .orElseThrow(() -> ApiException.badRequest("'auth.identity.methods' is a required property."));
        if (methods.isEmpty()) {
            throw ApiException.badRequest("'auth.identity.methods' must name at least one method.");
        }
        Authenticated who = authenticate(methods, identity);
        // Tokens carry milliseconds, so the times in the response must not claim more precision than that.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = who.expiresAt() != null ? who.expiresAt() : now.plus(lifetime);
        if (who.applicationCredential() != null && who.applicationCredential().expiresAt() != null
                && who.applicationCredential().expiresAt().isBefore(expiresAt)) {
            expiresAt = who.applicationCredential().expiresAt().truncatedTo(ChronoUnit.MILLIS);
        }
        Domain userDomain = enabledDomain(who.user().domainId());
        ScopedRoles scoped = scope(who, auth, body.get("auth").get("scope"));
        List<String> auditIds = new ArrayList<>();
        auditIds.add(newAuditId());
        if (!who.parentAuditIds().isEmpty()) {
            auditIds.add(who.parentAuditIds().get(who.parentAuditIds().size() - 1));
        }
        ApplicationCredential appCred = who.applicationCredential();
        TokenPayload payload = new TokenPayload(who.user().id(), who.user().name(), userDomain.id(), userDomain.name(),
                who.methods(), scoped.scope(), scoped.roles(), auditIds, now, expiresAt,
                appCred == null ? null : new AppCredentialRef(appCred.id(), appCred.name(), !appCred.unrestricted()));
        log.info("Issued token audit_id={} user_id={} project_id={} domain_id={} methods={}", payload.auditId(),
                payload.userId(), scoped.scope().projectId(), scoped.scope().domainId(), who.methods());
        return new IssuedToken(codec.encode(payload), payload);
    }

    /**
     * Validates a token presented by a caller; any failure is a 401. Decoded tokens are remembered, since clients
     * present the same token for its whole life; expiry and revocation are still checked on every call.
     */
    public TokenPayload validate(String token) {
        TokenPayload payload = decoded.get(token);
        if (payload == null) {
            payload = codec.decode(token);
            if (decoded.size() >= DECODED_CACHE_SIZE) {
                decoded.clear();
            }
            decoded.put(token, payload);
        }
        if (!payload.expiresAt().isAfter(Instant.now()) || revocations.isRevoked(payload)) {
            throw Faults.unauthenticated();
        }
        return payload;
    }

    /** Validates a token named as a subject ({@code X-Subject-Token}); an invalid one is a 404, as in Keystone. */
    public TokenPayload validateSubject(String token) {
        try {
            return validate(token);
        } catch (ApiException e) {
            throw ApiException.notFound("Could not find token: " + abbreviate(token) + ".");
        }
    }

    public void revoke(TokenPayload payload) {
        revoker.token(payload.auditId());
        log.info("Revoked token audit_id={} user_id={}", payload.auditId(), payload.userId());
    }

    public AuthContext toAuthContext(TokenPayload p) {
        Set<String> roleNames = p.roles().stream().map(RoleRef::name).collect(Collectors.toUnmodifiableSet());
        return new AuthContext(p.userId(), p.userName(), p.userDomainId(), p.scope().projectId(),
                p.scope().projectName(), p.scope().projectDomainId(), p.scope().domainId(), roleNames, p.auditId(),
                p.applicationCredential() == null ? null : p.applicationCredential().id(), p.expiresAt());
    }

    private Authenticated authenticate(List<String> methods, JsonFields identity) {
        if (methods.size() != 1) {
            throw ApiException.unauthorized("Attempted to authenticate with an unsupported method: only one of "
                    + "password, token or application_credential may be used.");
        }
        String method = methods.get(0);
        return switch (method) {
            case "password" -> password(identity.object("password")
                    .orElseThrow(() -> ApiException.badRequest("'auth.identity.password' is a required property.")));
            case "token" -> rescope(identity.object("token")
                    .orElseThrow(() -> ApiException.badRequest("'auth.identity.token' is a required property.")));
            case "application_credential" -> applicationCredential(identity.object("application_credential")
                    .orElseThrow(() -> ApiException.badRequest(
                            "'auth.identity.application_credential' is a required property.")));
            default -> throw ApiException.unauthorized(
                    "Attempted to authenticate with an unsupported method: " + method + ".");
        };
    }

    private Authenticated password(JsonFields password) {
        JsonFields userRef = password.object("user")
                .orElseThrow(() -> ApiException.badRequest("'auth.identity.password.user' is a required property."));
        String secret = userRef.requiredString("password", 4096);
        Optional<User> found = findUser(userRef);
        if (found.isEmpty()) {
            hasher.burnTime(secret);
            throw Faults.unauthenticated();
        }
        User user = found.get();
        if (!users.admitPasswordAttempt(user.id(), lockout, Instant.now())) {
            log.warn("Refused login of locked user_id={}", user.id());
            throw ApiException.unauthorized("The account is locked for user: " + user.id() + ".");
        }
        if (!hasher.matches(secret, user.passwordHash())) {
            log.warn("Failed password for user_id={} consecutive_failures={}", user.id(),
                    users.find(user.id()).map(User::failedAuthCount).orElse(0));
            throw Faults.unauthenticated();
        }
        users.clearFailedAuth(user.id());
        if (!user.enabled()) {
            throw ApiException.unauthorized("The account is disabled for user: " + user.id() + ".");
        }
        return new Authenticated(user, List.of("password"), null, List.of(), null);
    }

    private Authenticated rescope(JsonFields tokenRef) {
        TokenPayload parent = validate(tokenRef.requiredString("id", 8192));
        if (parent.applicationCredential() != null) {
            throw ApiException.forbidden("A token created with an application credential cannot be rescoped.");
        }
        User user = users.find(parent.userId()).filter(User::enabled).orElseThrow(Faults::unauthenticated);
        Set<String> methods = new LinkedHashSet<>(List.of("token"));
        methods.addAll(parent.methods());
        return new Authenticated(user, List.copyOf(methods), parent.expiresAt(), parent.auditIds(), null);
    }

    private Authenticated applicationCredential(JsonFields ref) {
        String secret = ref.requiredString("secret", 4096);
        Optional<ApplicationCredential> found;
        Optional<String> id = ref.string("id", 64);
        if (id.isPresent()) {
            found = applicationCredentials.find(id.get());
        } else {
            String name = ref.requiredString("name", 255);
            JsonFields userRef = ref.object("user").orElseThrow(() -> ApiException.badRequest(
                    "'auth.identity.application_credential' needs an 'id', or a 'name' and a 'user'."));
            found = findUser(userRef).flatMap(u -> applicationCredentials.findByName(u.id(), name));
        }
        if (found.isEmpty() || !hasher.matches(secret, found.get().secretHash())) {
            if (found.isEmpty()) {
                hasher.burnTime(secret);
            }
            throw Faults.unauthenticated();
        }
        ApplicationCredential credential = found.get();
        if (credential.isExpired(Instant.now())) {
            throw ApiException.unauthorized("The application credential has expired.");
        }
        User user = users.find(credential.userId()).filter(User::enabled).orElseThrow(Faults::unauthenticated);
        return new Authenticated(user, List.of("application_credential"), null, List.of(), credential);
    }

    private Optional<User> findUser(JsonFields userRef) {
        Optional<String> id = userRef.string("id", 64);
        if (id.isPresent()) {
            return users.find(id.get());
        }
        String name = userRef.string("name", 255).orElseThrow(
                () -> ApiException.badRequest("A user must be identified by 'id', or by 'name' and 'domain'."));
        JsonFields domainRef = userRef.object("domain").orElseThrow(
                () -> ApiException.badRequest("User '" + name + "' is identified by name, so 'domain' is required."));
        return findDomain(domainRef).flatMap(d -> users.findByName(d.id(), name));
    }

    private Optional<Domain> findDomain(JsonFields domainRef) {
        Optional<String> id = domainRef.string("id", 64);
        if (id.isPresent()) {
            return domains.find(id.get());
        }
        return domains.findByName(domainRef.requiredString("name", 255));
    }

    private record ScopedRoles(Scope scope, List<RoleRef> roles) {
    }

    private ScopedRoles scope(Authenticated who, JsonFields auth, JsonNode rawScope) {
        User user = who.user();
        if (who.applicationCredential() != null) {
            return applicationCredentialScope(who, auth);
        }
        if (rawScope == null || rawScope.isNull()) {
            return defaultScope(user);
        }
        if (rawScope.isString() && rawScope.stringValue().equals("unscoped")) {
            return new ScopedRoles(Scope.UNSCOPED, List.of());
        }
        JsonFields scope = auth.object("scope").orElseThrow();
        Optional<JsonFields> projectRef = scope.object("project");
        if (projectRef.isPresent()) {
            return projectScope(user, findScopeProject(projectRef.get()));
        }
        Optional<JsonFields> domainRef = scope.object("domain");
        if (domainRef.isPresent()) {
            Domain domain = findDomain(domainRef.get())
                    .orElseThrow(() -> ApiException.unauthorized("Could not find the domain to scope to."));
            if (!domain.enabled()) {
                throw ApiException.unauthorized("Domain is disabled: " + domain.id() + ".");
            }
            List<RoleRef> refs = roleRefs(effectiveRoles.onDomain(user.id(), domain.id()));
            if (refs.isEmpty()) {
                throw ApiException.unauthorized("User " + user.id() + " has no access to domain " + domain.id() + ".");
            }
            return new ScopedRoles(Scope.domain(domain.id(), domain.name()), refs);
        }
        if (scope.has("system")) {
            throw ApiException.badRequest("System scope is not supported; scope the token to a project or domain.");
        }
        throw ApiException.badRequest("'auth.scope' must name a project or a domain.");
    }

    private ScopedRoles defaultScope(User user) {
        if (user.defaultProjectId() != null) {
            Optional<Project> project = projects.find(user.defaultProjectId()).filter(Project::enabled);
            if (project.isPresent()) {
                List<RoleRef> refs = roleRefs(effectiveRoles.onProject(user.id(), project.get()));
                if (!refs.isEmpty()) {
                    Domain domain = enabledDomain(project.get().domainId());
                    return new ScopedRoles(Scope.project(project.get().id(), project.get().name(), domain.id(),
                            domain.name()), refs);
                }
            }
        }
        return new ScopedRoles(Scope.UNSCOPED, List.of());
    }

    private Project findScopeProject(JsonFields projectRef) {
        Optional<String> id = projectRef.string("id", 64);
        Optional<Project> project;
        String shown;
        if (id.isPresent()) {
            project = projects.find(id.get());
            shown = id.get();
        } else {
            String name = projectRef.requiredString("name", 64);
            JsonFields domainRef = projectRef.object("domain").orElseThrow(() -> ApiException.badRequest(
                    "Project '" + name + "' is identified by name, so 'domain' is required."));
            project = findDomain(domainRef).flatMap(d -> projects.findByName(d.id(), name));
            shown = name;
        }
        return project.orElseThrow(() -> ApiException.unauthorized("Could not find project: " + shown + "."));
    }

    private ScopedRoles projectScope(User user, Project project) {
        if (!project.enabled()) {
            throw ApiException.unauthorized("Project is disabled: " + project.id() + ".");
        }
        Domain domain = enabledDomain(project.domainId());
        List<RoleRef> refs = roleRefs(effectiveRoles.onProject(user.id(), project));
        if (refs.isEmpty()) {
            throw ApiException.unauthorized("User " + user.id() + " has no access to project " + project.id() + ".");
        }
        return new ScopedRoles(Scope.project(project.id(), project.name(), domain.id(), domain.name()), refs);
    }

    private ScopedRoles applicationCredentialScope(Authenticated who, JsonFields auth) {
        ApplicationCredential credential = who.applicationCredential();
        Optional<JsonFields> requested = auth.object("scope").flatMap(s -> s.object("project"));
        if (requested.isPresent() && !findScopeProject(requested.get()).id().equals(credential.projectId())) {
            throw ApiException.unauthorized("An application credential can only be scoped to its own project.");
        }
        Project project = projects.find(credential.projectId()).filter(Project::enabled)
                .orElseThrow(() -> ApiException.unauthorized("The application credential's project is unavailable."));
        Domain domain = enabledDomain(project.domainId());
        Set<String> held = effectiveRoles.onProject(who.user().id(), project);
        Set<String> granted = effectiveRoles.implied().expand(credential.roleIds());
        Set<String> kept = new HashSet<>(granted);
        kept.retainAll(held);
        if (kept.isEmpty()) {
            throw ApiException.unauthorized("The user no longer holds any role of this application credential.");
        }
        return new ScopedRoles(Scope.project(project.id(), project.name(), domain.id(), domain.name()),
                roleRefs(kept));
    }

    private Domain enabledDomain(String id) {
        Domain domain = domains.find(id).orElseThrow(Faults::unauthenticated);
        if (!domain.enabled()) {
            throw ApiException.unauthorized("Domain is disabled: " + domain.id() + ".");
        }
        return domain;
    }

    private List<RoleRef> roleRefs(Set<String> roleIds) {
        Map<String, Role> all = roles.byId();
        List<RoleRef> refs = new ArrayList<>();
        for (String id : roleIds) {
            Role role = all.get(id);
            if (role != null) {
                refs.add(new RoleRef(role.id(), role.name()));
            }
        }
        return refs;
    }

    private static String newAuditId() {
        return IdentityIds.newId().substring(0, 22);
    }

    private static String abbreviate(String token) {
        return token.length() <= 12 ? token : token.substring(0, 12) + "...";
    }
}
