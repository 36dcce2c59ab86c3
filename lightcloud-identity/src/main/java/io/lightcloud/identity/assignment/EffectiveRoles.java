package io.lightcloud.identity.assignment;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.core.Assignment.TargetType;
import io.lightcloud.identity.core.Assignment;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.GroupRepository;
import io.lightcloud.identity.core.ImpliedRoles;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.RoleRepository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Computes the roles a user really holds on a project or domain: direct grants, grants to the user's groups,
 * grants inherited from the project's domain and parent projects, and every role those imply.
 */
@Component
public class EffectiveRoles {
    private final AssignmentRepository assignments;
    private final GroupRepository groups;
    private final ProjectRepository projects;
    private final RoleRepository roles;

    public EffectiveRoles(AssignmentRepository assignments, GroupRepository groups, ProjectRepository projects,
            RoleRepository roles) {
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.roles = requireNonNull(roles, "roles is null");
    }

    public Set<String> onProject(String userId, Project project) {
        List<Assignment> held = heldBy(userId);
        List<String> ancestors = ancestors(project);
        Set<String> direct = new LinkedHashSet<>();
        for (Assignment a : held) {
            if (appliesToProject(a, project, ancestors)) {
                direct.add(a.roleId());
            }
        }
        return implied().expand(direct);
    }

    public Set<String> onDomain(String userId, String domainId) {
        Set<String> direct = new LinkedHashSet<>();
        for (Assignment a : heldBy(userId)) {
            if (a.targetType() == TargetType.DOMAIN && a.targetId().equals(domainId) && !a.inherited()) {
                direct.add(a.roleId());
            }
        }
        return implied().expand(direct);
    }

    /** Projects on which the user holds any role, directly, through a group, or by inheritance. */
    public List<Project> projectsOf(String userId) {
        List<Assignment> held = heldBy(userId);
        if (held.isEmpty()) {
            return List.of();
        }
        List<Project> result = new ArrayList<>();
        for (Project project : projects.list()) {
            List<String> ancestors = ancestors(project);
            if (held.stream().anyMatch(a -> appliesToProject(a, project, ancestors))) {
                result.add(project);
            }
        }
        return result;
    }

    public Set<String> domainIdsOf(String userId) {
        Set<String> result = new HashSet<>();
        for (Assignment a : heldBy(userId)) {
            if (a.targetType() == TargetType.DOMAIN && !a.inherited()) {
                result.add(a.targetId());
            }
        }
        return result;
    }

    public ImpliedRoles implied() {
        return new ImpliedRoles(roles.implications());
    }

    private List<Assignment> heldBy(String userId) {
        return assignments.forActors(userId, groups.groupIdsOfUser(userId));
    }

    private static boolean appliesToProject(Assignment a, Project project, List<String> ancestors) {
        if (a.targetType() == TargetType.PROJECT) {
            return a.inherited() ? ancestors.contains(a.targetId()) : a.targetId().equals(project.id());
        }
        return a.inherited() && a.targetId().equals(project.domainId());
    }

    /** The ids of the project's parent, grandparent and so on, nearest first. */
    public List<String> ancestors(Project project) {
        List<String> result = new ArrayList<>();
        String parentId = project.parentId();
        while (parentId != null && !result.contains(parentId)) {
            result.add(parentId);
            Optional<Project> parent = projects.find(parentId);
            parentId = parent.map(Project::parentId).orElse(null);
        }
        return result;
    }
}
