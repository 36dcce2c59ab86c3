package io.lightcloud.identity.project;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.core.Assignment.TargetType;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.ProjectRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Deletes a project and the role assignments on it in one transaction; its application credentials go with it. */
@Component
public class ProjectDeletion {
    private final ProjectRepository projects;
    private final AssignmentRepository assignments;

    public ProjectDeletion(ProjectRepository projects, AssignmentRepository assignments) {
        this.projects = requireNonNull(projects, "projects is null");
        this.assignments = requireNonNull(assignments, "assignments is null");
    }

    @Transactional
    public void delete(String projectId) {
        assignments.deleteByTarget(TargetType.PROJECT, projectId);
        projects.delete(projectId);
    }
}
