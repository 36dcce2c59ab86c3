package io.lightcloud.identity.assignment;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.Assignment.ActorType;
import io.lightcloud.identity.core.Assignment.TargetType;
import io.lightcloud.identity.core.Assignment;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.GroupRepository;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.Role;
import io.lightcloud.identity.core.RoleRepository;
import io.lightcloud.identity.core.TokenRevoker;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.identity.role.RoleViews;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Role grants: {@code /v3/{projects|domains}/{id}/{users|groups}/{id}/roles[/{role_id}]}, and the OS-INHERIT form
 * {@code /v3/OS-INHERIT/{projects|domains}/{id}/{users|groups}/{id}/roles/{role_id}/inherited_to_projects}.
 */
@RestController
@RequestMapping("/identity/v3")
public class GrantController {
    private static final String GRANT = "/{targetKind}/{targetId}/{actorKind}/{actorId}/roles/{roleId}";
    private static final String INHERITED = "/OS-INHERIT" + GRANT + "/inherited_to_projects";

    private final AssignmentRepository assignments;
    private final ProjectRepository projects;
    private final DomainRepository domains;
    private final UserRepository users;
    private final GroupRepository groups;
    private final RoleRepository roles;
    private final PolicyEnforcer policy;
    private final RoleViews roleViews;
    private final IdentityLinks links;
    private final TokenRevoker revoker;

    public GrantController(AssignmentRepository assignments, ProjectRepository projects, DomainRepository domains,
            UserRepository users, GroupRepository groups, RoleRepository roles, PolicyEnforcer policy,
            RoleViews roleViews, IdentityLinks links, TokenRevoker revoker) {
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.users = requireNonNull(users, "users is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.roleViews = requireNonNull(roleViews, "roleViews is null");
        this.links = requireNonNull(links, "links is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
    }

    @GetMapping("/{targetKind}/{targetId}/{actorKind}/{actorId}/roles")
    public Map<String, Object> list(AuthContext caller, @PathVariable String targetKind, @PathVariable String targetId,
            @PathVariable String actorKind, @PathVariable String actorId, HttpServletRequest request) {
        policy.enforce("identity:list_grants", caller);
        Assignment pattern = resolve(targetKind, targetId, actorKind, actorId, null, false);
        Map<String, Role> all = roles.byId();
        List<Map<String, Object>> items = assignments.forTargetAndActor(pattern.targetType(), targetId,
                        pattern.actorType(), actorId).stream()
                .map(a -> all.get(a.roleId())).filter(r -> r != null).map(r -> roleViews.role(request, r)).toList();
        return links.collection(request, "roles", items);
    }

    @PutMapping(GRANT)
    public ResponseEntity<Void> grant(AuthContext caller, @PathVariable String targetKind,
            @PathVariable String targetId, @PathVariable String actorKind, @PathVariable String actorId,
            @PathVariable String roleId) {
        policy.enforce("identity:create_grant", caller);
        assignments.add(resolve(targetKind, targetId, actorKind, actorId, roleId, false));
        return ResponseEntity.noContent().build();
    }

    @PutMapping(INHERITED)
    public ResponseEntity<Void> grantInherited(AuthContext caller, @PathVariable String targetKind,
            @PathVariable String targetId, @PathVariable String actorKind, @PathVariable String actorId,
            @PathVariable String roleId) {
        policy.enforce("identity:create_grant", caller);
        assignments.add(resolve(targetKind, targetId, actorKind, actorId, roleId, true));
        return ResponseEntity.noContent().build();
    }

    @RequestMapping(path = GRANT, method = {RequestMethod.HEAD, RequestMethod.GET})
    public ResponseEntity<Void> check(AuthContext caller, @PathVariable String targetKind,
            @PathVariable String targetId, @PathVariable String actorKind, @PathVariable String actorId,
            @PathVariable String roleId) {
        return checkGrant(caller, resolve(targetKind, targetId, actorKind, actorId, roleId, false));
    }

    @RequestMapping(path = INHERITED, method = {RequestMethod.HEAD, RequestMethod.GET})
    public ResponseEntity<Void> checkInherited(AuthContext caller, @PathVariable String targetKind,
            @PathVariable String targetId, @PathVariable String actorKind, @PathVariable String actorId,
            @PathVariable String roleId) {
        return checkGrant(caller, resolve(targetKind, targetId, actorKind, actorId, roleId, true));
    }

    @DeleteMapping(GRANT)
    public ResponseEntity<Void> revoke(AuthContext caller, @PathVariable String targetKind,
            @PathVariable String targetId, @PathVariable String actorKind, @PathVariable String actorId,
            @PathVariable String roleId) {
        return revokeGrant(caller, resolve(targetKind, targetId, actorKind, actorId, roleId, false));
    }

    @DeleteMapping(INHERITED)
    public ResponseEntity<Void> revokeInherited(AuthContext caller, @PathVariable String targetKind,
            @PathVariable String targetId, @PathVariable String actorKind, @PathVariable String actorId,
            @PathVariable String roleId) {
        return revokeGrant(caller, resolve(targetKind, targetId, actorKind, actorId, roleId, true));
    }

    private ResponseEntity<Void> checkGrant(AuthContext caller, Assignment assignment) {
        policy.enforce("identity:check_grant", caller);
        if (!assignments.exists(assignment)) {
            throw notGranted(assignment);
        }
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Void> revokeGrant(AuthContext caller, Assignment assignment) {
        policy.enforce("identity:revoke_grant", caller);
        if (!assignments.remove(assignment)) {
            throw notGranted(assignment);
        }
        List<String> affected = assignment.actorType() == ActorType.USER ? List.of(assignment.actorId())
                : groups.memberIds(assignment.actorId());
        for (String userId : affected) {
            if (assignment.targetType() == TargetType.PROJECT && !assignment.inherited()) {
                revoker.userOnProject(userId, assignment.targetId());
            } else {
                revoker.user(userId);
            }
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiException notGranted(Assignment a) {
        return ApiException.notFound("Could not find role assignment with role: " + a.roleId() + ", "
                + a.actorType().column() + ": " + a.actorId() + ", " + a.targetType().column() + ": " + a.targetId()
                + (a.inherited() ? " (inherited)." : "."));
    }

    private Assignment resolve(String targetKind, String targetId, String actorKind, String actorId, String roleId,
            boolean inherited) {
        TargetType targetType = switch (targetKind) {
            case "projects" -> TargetType.PROJECT;
            case "domains" -> TargetType.DOMAIN;
            default -> throw ApiException.notFound("The resource could not be found.");
        };
        ActorType actorType = switch (actorKind) {
            case "users" -> ActorType.USER;
            case "groups" -> ActorType.GROUP;
            default -> throw ApiException.notFound("The resource could not be found.");
        };
        if (targetType == TargetType.PROJECT) {
            projects.find(targetId).orElseThrow(() -> Faults.notFound("project", targetId));
        } else {
            domains.find(targetId).orElseThrow(() -> Faults.notFound("domain", targetId));
        }
        if (actorType == ActorType.USER) {
            users.find(actorId).orElseThrow(() -> Faults.notFound("user", actorId));
        } else {
            groups.find(actorId).orElseThrow(() -> Faults.notFound("group", actorId));
        }
        if (roleId != null) {
            roles.find(roleId).orElseThrow(() -> Faults.notFound("role", roleId));
        }
        return new Assignment(actorType, actorId, targetType, targetId, roleId == null ? "-" : roleId, inherited);
    }
}
