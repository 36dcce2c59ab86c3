package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.assignment.EffectiveRoles;
import io.lightcloud.identity.catalog.ServiceCatalog;
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.domain.DomainViews;
import io.lightcloud.identity.project.ProjectViews;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Keystone's {@code /v3/auth}: issue, validate, check and revoke tokens, and what a token may reach. */
@RestController
@RequestMapping("/identity/v3/auth")
public class AuthController {
    private static final String SUBJECT_TOKEN = "X-Subject-Token";

    private final TokenService tokens;
    private final TokenViews views;
    private final ServiceCatalog catalog;
    private final PolicyEnforcer policy;
    private final EffectiveRoles effectiveRoles;
    private final DomainRepository domains;
    private final ProjectViews projectViews;
    private final DomainViews domainViews;
    private final IdentityLinks links;

    public AuthController(TokenService tokens, TokenViews views, ServiceCatalog catalog, PolicyEnforcer policy,
            EffectiveRoles effectiveRoles, DomainRepository domains, ProjectViews projectViews, DomainViews domainViews,
            IdentityLinks links) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.views = requireNonNull(views, "views is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.effectiveRoles = requireNonNull(effectiveRoles, "effectiveRoles is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.projectViews = requireNonNull(projectViews, "projectViews is null");
        this.domainViews = requireNonNull(domainViews, "domainViews is null");
        this.links = requireNonNull(links, "links is null");
    }

    @PostMapping("/tokens")
    public ResponseEntity<Map<String, Object>> issue(@RequestBody JsonNode body,
            @RequestParam(name = "nocatalog", required = false) String noCatalog, HttpServletRequest request) {
        TokenService.IssuedToken issued = tokens.issue(body);
        return ResponseEntity.status(HttpStatus.CREATED).header(SUBJECT_TOKEN, issued.token())
                .body(views.token(request, issued.payload(), noCatalog == null));
    }

    @GetMapping("/tokens")
    public ResponseEntity<Map<String, Object>> validate(AuthContext caller,
            @RequestHeader(name = SUBJECT_TOKEN, required = false) String subjectToken,
            @RequestParam(name = "nocatalog", required = false) String noCatalog, HttpServletRequest request) {
        TokenPayload subject = subject(caller, subjectToken, "identity:validate_token");
        return ResponseEntity.ok().header(SUBJECT_TOKEN, subjectToken)
                .body(views.token(request, subject, noCatalog == null));
    }

    @RequestMapping(path = "/tokens", method = RequestMethod.HEAD)
    public ResponseEntity<Void> check(AuthContext caller,
            @RequestHeader(name = SUBJECT_TOKEN, required = false) String subjectToken) {
        subject(caller, subjectToken, "identity:check_token");
        return ResponseEntity.ok().header(SUBJECT_TOKEN, subjectToken).build();
    }

    @DeleteMapping("/tokens")
    public ResponseEntity<Void> revoke(AuthContext caller,
            @RequestHeader(name = SUBJECT_TOKEN, required = false) String subjectToken) {
        tokens.revoke(subject(caller, subjectToken, "identity:revoke_token"));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/catalog")
    public Map<String, Object> catalog(AuthContext caller, HttpServletRequest request) {
        if (caller.projectId() == null && caller.domainId() == null) {
            throw ApiException.forbidden("The service catalog requires a scoped token.");
        }
        return Map.of("catalog", catalog.build(request, caller.projectId()),
                "links", Map.of("self", links.v3(request) + "/auth/catalog"));
    }

    @GetMapping("/projects")
    public Map<String, Object> projects(AuthContext caller, HttpServletRequest request) {
        List<Map<String, Object>> items = effectiveRoles.projectsOf(caller.userId()).stream()
                .filter(Project::enabled).map(p -> projectViews.project(request, p)).toList();
        return links.collection(request, "projects", items);
    }

    @GetMapping("/domains")
    public Map<String, Object> domains(AuthContext caller, HttpServletRequest request) {
        List<Map<String, Object>> items = effectiveRoles.domainIdsOf(caller.userId()).stream()
                .map(domains::find).flatMap(Optional::stream).filter(Domain::enabled)
                .map(d -> domainViews.domain(request, d)).toList();
        return links.collection(request, "domains", items);
    }

    private TokenPayload subject(AuthContext caller, String subjectToken, String action) {
        if (subjectToken == null || subjectToken.isBlank()) {
            throw ApiException.badRequest("The X-Subject-Token header is required.");
        }
        TokenPayload subject = tokens.validateSubject(subjectToken.trim());
        policy.enforce(action, caller, Map.of("target.token.user_id", Objects.requireNonNull(subject.userId())));
        return subject;
    }
}
