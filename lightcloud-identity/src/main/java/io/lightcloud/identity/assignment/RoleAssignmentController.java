package io.lightcloud.identity.assignment;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.api.ListFilters;
import io.lightcloud.identity.core.Assignment.ActorType;
import io.lightcloud.identity.core.Assignment.TargetType;
import io.lightcloud.identity.core.Assignment;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.Group;
import io.lightcloud.identity.core.GroupRepository;
import io.lightcloud.identity.core.ImpliedRoles;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.Role;
import io.lightcloud.identity.core.RoleRepository;
import io.lightcloud.identity.core.User;
import io.lightcloud.identity.core.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/role_assignments} with Keystone's filters ({@code user.id}, {@code group.id}, {@code role.id},
 * {@code scope.project.id}, {@code scope.domain.id}, {@code scope.OS-INHERIT:inherited_to}), {@code effective}
 * (group grants expanded to members, inherited grants to projects, implied roles added) and {@code include_names}.
 */
@RestController
public class RoleAssignmentController {
    private final AssignmentRepository assignments;
    private final UserRepository users;
    private final GroupRepository groups;
    private final ProjectRepository projects;
    private final DomainRepository domains;
    private final RoleRepository roles;
    private final EffectiveRoles effectiveRoles;
    private final PolicyEnforcer policy;
    private final IdentityLinks links;

    public RoleAssignmentController(AssignmentRepository assignments, UserRepository users, GroupRepository groups,
            ProjectRepository projects, DomainRepository domains, RoleRepository roles, EffectiveRoles effectiveRoles,
            PolicyEnforcer policy, IdentityLinks links) {
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.users = requireNonNull(users, "users is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.effectiveRoles = requireNonNull(effectiveRoles, "effectiveRoles is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.links = requireNonNull(links, "links is null");
    }

    /** An assignment as listed, with the group it came through when effective membership expanded it. */
    private record Listed(Assignment assignment, String viaGroupId) {
    }

    @GetMapping("/identity/v3/role_assignments")
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_role_assignments", caller, ListFilters.domainTarget(params, "scope.domain.id"));
        boolean effective = params.containsKey("effective") && flag(params, "effective");
        boolean includeNames = params.containsKey("include_names") && flag(params, "include_names");
        if (effective && params.containsKey("group.id")) {
            throw ApiException.badRequest("'effective' cannot be combined with 'group.id'.");
        }
        List<Listed> listed = new ArrayList<>();
        List<Project> allProjects = projects.list();
        ImpliedRoles implied = effectiveRoles.implied();
        for (Assignment a : assignments.list()) {
            if (!effective) {
                listed.add(new Listed(a, null));
                continue;
            }
            List<Listed> expanded = new ArrayList<>();
            if (a.actorType() == ActorType.GROUP) {
                for (String member : groups.memberIds(a.actorId())) {
                    expanded.add(new Listed(a.withActor(ActorType.USER, member), a.actorId()));
                }
            } else {
                expanded.add(new Listed(a, null));
            }
            for (Listed e : expanded) {
                for (Assignment concrete : inheritedToProjects(e.assignment(), allProjects)) {
                    for (String roleId : implied.expand(List.of(concrete.roleId()))) {
                        listed.add(new Listed(concrete.withRole(roleId), e.viaGroupId()));
                    }
                }
            }
        }
        List<Listed> filtered = listed.stream().filter(filter(params)).distinct().toList();
        Names names = includeNames ? new Names() : null;
        List<Map<String, Object>> items = filtered.stream().map(l -> view(request, l, names)).toList();
        return Map.of("role_assignments", items, "links", links.collection(request));
    }

    private List<Assignment> inheritedToProjects(Assignment a, List<Project> allProjects) {
        if (!a.inherited()) {
            return List.of(a);
        }
        List<Assignment> result = new ArrayList<>();
        for (Project p : allProjects) {
            boolean below = a.targetType() == TargetType.DOMAIN ? p.domainId().equals(a.targetId())
                    : effectiveRoles.ancestors(p).contains(a.targetId());
            if (below) {
                result.add(a.withTarget(TargetType.PROJECT, p.id(), false));
            }
        }
        return result;
    }

    private Predicate<Listed> filter(Map<String, String> params) {
        Predicate<Listed> f = l -> true;
        String userId = params.get("user.id");
        if (userId != null) {
            f = f.and(l -> l.assignment().actorType() == ActorType.USER && l.assignment().actorId().equals(userId));
        }
        String groupId = params.get("group.id");
        if (groupId != null) {
            f = f.and(l -> l.assignment().actorType() == ActorType.GROUP && l.assignment().actorId().equals(groupId));
        }
        String roleId = params.get("role.id");
        if (roleId != null) {
            f = f.and(l -> l.assignment().roleId().equals(roleId));
        }
        String projectId = params.get("scope.project.id");
        if (projectId != null) {
            Set<String> scopeIds = new LinkedHashSet<>(List.of(projectId));
            if (params.containsKey("include_subtree") && flag(params, "include_subtree")) {
                for (Project p : projects.list()) {
                    if (effectiveRoles.ancestors(p).contains(projectId)) {
                        scopeIds.add(p.id());
                    }
                }
            }
            f = f.and(l -> l.assignment().targetType() == TargetType.PROJECT
                    && scopeIds.contains(l.assignment().targetId()));
        }
        String domainId = params.get("scope.domain.id");
        if (domainId != null) {
            f = f.and(l -> l.assignment().targetType() == TargetType.DOMAIN
                    && l.assignment().targetId().equals(domainId));
        }
        if ("projects".equals(params.get("scope.OS-INHERIT:inherited_to"))) {
            f = f.and(l -> l.assignment().inherited());
        }
        return f;
    }

    private Map<String, Object> view(HttpServletRequest request, Listed listed, Names names) {
        Assignment a = listed.assignment();
        String base = links.v3(request);
        Map<String, Object> item = new LinkedHashMap<>();
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("id", a.roleId());
        if (names != null) {
            Role r = names.role(a.roleId());
            if (r != null) {
                role.put("name", r.name());
                if (r.domainId() != null) {
                    role.put("domain", names.domainRef(r.domainId()));
                }
            }
        }
        item.put("role", role);
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("id", a.actorId());
        if (names != null) {
            if (a.actorType() == ActorType.USER) {
                User u = names.user(a.actorId());
                if (u != null) {
                    actor.put("name", u.name());
                    actor.put("domain", names.domainRef(u.domainId()));
                }
            } else {
                Group g = names.group(a.actorId());
                if (g != null) {
                    actor.put("name", g.name());
                    actor.put("domain", names.domainRef(g.domainId()));
                }
            }
        }
        item.put(a.actorType().column(), actor);
        Map<String, Object> scope = new LinkedHashMap<>();
        Map<String, Object> scopeTarget = new LinkedHashMap<>();
        scopeTarget.put("id", a.targetId());
        if (names != null) {
            if (a.targetType() == TargetType.PROJECT) {
                Project p = names.project(a.targetId());
                if (p != null) {
                    scopeTarget.put("name", p.name());
                    scopeTarget.put("domain", names.domainRef(p.domainId()));
                }
            } else {
                Domain d = names.domain(a.targetId());
                if (d != null) {
                    scopeTarget.put("name", d.name());
                }
            }
        }
        scope.put(a.targetType().column(), scopeTarget);
        if (a.inherited()) {
            scope.put("OS-INHERIT:inherited_to", "projects");
        }
        item.put("scope", scope);
        String grantPath = "/" + a.targetType().column() + "s/" + a.targetId() + "/" + a.actorType().column() + "s/"
                + a.actorId() + "/roles/" + a.roleId();
        Map<String, Object> itemLinks = new LinkedHashMap<>();
        itemLinks.put("assignment", base + (a.inherited() ? "/OS-INHERIT" + grantPath + "/inherited_to_projects"
                : grantPath));
        if (listed.viaGroupId() != null) {
            itemLinks.put("membership", base + "/groups/" + listed.viaGroupId() + "/users/" + a.actorId());
        }
        item.put("links", itemLinks);
        return item;
    }

    private static boolean flag(Map<String, String> params, String name) {
        String value = params.get(name);
        return value.isEmpty() || ListFilters.parseBoolean(name, value);
    }

    /** Looks names up once per request rather than once per assignment. */
    private final class Names {
        private final Map<String, User> userById = index(users.list(), User::id);
        private final Map<String, Group> groupById = index(groups.list(), Group::id);
        private final Map<String, Project> projectById = index(projects.list(), Project::id);
        private final Map<String, Domain> domainById = index(domains.list(), Domain::id);
        private final Map<String, Role> roleById = roles.byId();

        User user(String id) {
            return userById.get(id);
        }

        Group group(String id) {
            return groupById.get(id);
        }

        Project project(String id) {
            return projectById.get(id);
        }

        Domain domain(String id) {
            return domainById.get(id);
        }

        Role role(String id) {
            return roleById.get(id);
        }

        Map<String, Object> domainRef(String id) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("id", id);
            Domain d = domainById.get(id);
            if (d != null) {
                ref.put("name", d.name());
            }
            return ref;
        }
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
    }
}
