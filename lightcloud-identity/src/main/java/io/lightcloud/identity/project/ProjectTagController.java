package io.lightcloud.identity.project;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Keystone's project tag resources, {@code /v3/projects/{id}/tags[/{tag}]}: the same tags as the project's
 * {@code tags} attribute, read under {@code identity:get_project} and changed under {@code identity:update_project}.
 */
@RestController
@RequestMapping("/identity/v3/projects/{id}/tags")
public class ProjectTagController {
    private final ProjectRepository projects;
    private final PolicyEnforcer policy;

    public ProjectTagController(ProjectRepository projects, PolicyEnforcer policy) {
        this.projects = requireNonNull(projects, "projects is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable String id) {
        return Map.of("tags", readable(caller, id).tags());
    }

    @PutMapping
    public Map<String, Object> replace(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        Project project = changeable(caller, id);
        List<String> tags = ProjectController.tags(JsonFields.ofObject(body, "body"));
        save(project, tags);
        return Map.of("tags", tags);
    }

    @DeleteMapping
    public ResponseEntity<Void> deleteAll(AuthContext caller, @PathVariable String id) {
        save(changeable(caller, id), List.of());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{tag}")
    public ResponseEntity<Void> check(AuthContext caller, @PathVariable String id, @PathVariable String tag) {
        if (!readable(caller, id).tags().contains(tag)) {
            throw Faults.notFound("project tag", tag);
        }
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{tag}")
    public ResponseEntity<Void> add(AuthContext caller, @PathVariable String id, @PathVariable String tag) {
        Project project = changeable(caller, id);
        List<String> tags = new ArrayList<>(project.tags());
        if (!tags.contains(tag)) {
            tags.add(tag);
        }
        save(project, ProjectController.checkedTags(tags));
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @DeleteMapping("/{tag}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id, @PathVariable String tag) {
        Project project = changeable(caller, id);
        if (!project.tags().contains(tag)) {
            throw Faults.notFound("project tag", tag);
        }
        save(project, project.tags().stream().filter(t -> !t.equals(tag)).toList());
        return ResponseEntity.noContent().build();
    }

    private Project readable(AuthContext caller, String id) {
        Project project = projects.find(id).orElseThrow(() -> Faults.notFound("project", id));
        policy.enforce("identity:get_project", caller,
                Map.of("target.project.id", id, "target.project.domain_id", project.domainId()));
        return project;
    }

    private Project changeable(AuthContext caller, String id) {
        policy.enforce("identity:update_project", caller);
        return projects.find(id).orElseThrow(() -> Faults.notFound("project", id));
    }

    private void save(Project p, List<String> tags) {
        projects.update(new Project(p.id(), p.name(), p.domainId(), p.parentId(), p.description(), p.enabled(),
                tags, p.extra()));
    }
}
