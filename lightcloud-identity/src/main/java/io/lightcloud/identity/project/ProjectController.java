package io.lightcloud.identity.project;

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
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.ProjectRepository;
import io.lightcloud.identity.core.TokenRevoker;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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
@RequestMapping("/identity/v3/projects")
public class ProjectController {
    private static final Set<String> FIELDS =
            Set.of("name", "domain_id", "parent_id", "description", "enabled", "tags", "is_domain", "options");

    private final ProjectRepository projects;
    private final DomainRepository domains;
    private final ProjectDeletion deletion;
    private final PolicyEnforcer policy;
    private final ProjectViews views;
    private final IdentityLinks links;
    private final TokenRevoker revoker;

    public ProjectController(ProjectRepository projects, DomainRepository domains, ProjectDeletion deletion,
            PolicyEnforcer policy, ProjectViews views, IdentityLinks links, TokenRevoker revoker) {
        this.projects = requireNonNull(projects, "projects is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.deletion = requireNonNull(deletion, "deletion is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.views = requireNonNull(views, "views is null");
        this.links = requireNonNull(links, "links is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_projects", caller, ListFilters.domainTarget(params, "domain_id"));
        if (params.containsKey("is_domain") && ListFilters.parseBoolean("is_domain", params.get("is_domain"))) {
            return links.collection(request, "projects", List.of());
        }
        List<Map<String, Object>> items = projects.list().stream()
                .filter(ListFilters.equal(params, "name", Project::name))
                .filter(ListFilters.equal(params, "domain_id", Project::domainId))
                .filter(ListFilters.equal(params, "parent_id", p -> p.parentId() == null ? p.domainId() : p.parentId()))
                .filter(ListFilters.enabled(params, Project::enabled))
                .filter(tagFilter(params))
                .map(p -> views.project(request, p)).toList();
        return links.collection(request, "projects", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        Project project = projects.find(id).orElseThrow(() -> Faults.notFound("project", id));
        policy.enforce("identity:get_project", caller,
                Map.of("target.project.id", id, "target.project.domain_id", project.domainId()));
        return Map.of("project", views.project(request, project));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:create_project", caller);
        JsonFields in = JsonFields.of(body, "project");
        if (in.bool("is_domain").orElse(false)) {
            throw ApiException.badRequest("Projects acting as domains are not supported; create a domain instead.");
        }
        String name = in.requiredNonBlank("name", 64);
        String parentId = in.string("parent_id", 64).orElse(null);
        Project parent = null;
        if (parentId != null) {
            parent = projects.find(parentId).orElse(null);
            if (parent == null && domains.find(parentId).isEmpty()) {
                throw ApiException.badRequest("Could not find the parent project or domain: " + parentId + ".");
            }
        }
        String defaultDomain = parent != null ? parent.domainId()
                : parentId != null ? parentId
                : caller.projectDomainId() != null ? caller.projectDomainId() : Domain.DEFAULT_ID;
        String domainId = in.string("domain_id", 64).orElse(defaultDomain);
        if (domains.find(domainId).isEmpty()) {
            throw ApiException.badRequest("Could not find domain: " + domainId + ".");
        }
        if (parent != null && !parent.domainId().equals(domainId)) {
            throw ApiException.badRequest("A project must be in the same domain as its parent.");
        }
        Project project = new Project(IdentityIds.newId(), name, domainId, parent == null ? null : parent.id(),
                in.string("description", 1024).orElse(null), in.bool("enabled").orElse(true), tags(in),
                ExtraAttributes.from(in, FIELDS));
        try {
            projects.insert(project);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("project", "Duplicate entry found with name " + name + " at domain ID " + domainId);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("project", views.project(request, project)));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_project", caller);
        Project current = projects.find(id).orElseThrow(() -> Faults.notFound("project", id));
        JsonFields in = JsonFields.of(body, "project");
        if (in.has("domain_id") && !current.domainId().equals(in.string("domain_id", 64).orElse(null))) {
            throw ApiException.badRequest("A project cannot be moved to another domain.");
        }
        if (in.has("parent_id")) {
            String parent = in.string("parent_id", 64).orElse(null);
            String currentParent = current.parentId() == null ? current.domainId() : current.parentId();
            if (parent != null && !parent.equals(currentParent)) {
                throw ApiException.badRequest("A project cannot be moved to another parent.");
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>(current.extra());
        extra.putAll(ExtraAttributes.from(in, FIELDS));
        Project updated = new Project(id, in.string("name", 64).orElse(current.name()), current.domainId(),
                current.parentId(),
                in.has("description") ? in.string("description", 1024).orElse(null) : current.description(),
                in.bool("enabled").orElse(current.enabled()), in.has("tags") ? tags(in) : current.tags(), extra);
        if (updated.name().isBlank()) {
            throw ApiException.badRequest("Invalid input for field 'project.name': it must not be empty.");
        }
        try {
            projects.update(updated);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("project", "Duplicate entry found with name " + updated.name() + " at domain ID "
                    + updated.domainId());
        }
        if (current.enabled() && !updated.enabled()) {
            revoker.project(id);
        }
        return Map.of("project", views.project(request, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("identity:delete_project", caller);
        projects.find(id).orElseThrow(() -> Faults.notFound("project", id));
        if (projects.hasChildren(id)) {
            throw ApiException.forbidden("Cannot delete project " + id + ": it has child projects; delete them first.");
        }
        deletion.delete(id);
        revoker.project(id);
        return ResponseEntity.noContent().build();
    }

    static List<String> tags(JsonFields in) {
        return checkedTags(in.stringList("tags", 255).orElse(List.of()));
    }

    /** Keystone's rules for tags: 1-255 characters without '/' or ',', at most 80 per project. */
    static List<String> checkedTags(List<String> tags) {
        for (String tag : tags) {
            if (tag.isEmpty() || tag.contains("/") || tag.contains(",")) {
                throw ApiException.badRequest("Invalid tag '" + tag + "': tags are 1-255 characters without '/' or ','.");
            }
        }
        if (tags.size() > 80) {
            throw ApiException.badRequest("A project has at most 80 tags.");
        }
        return tags.stream().distinct().toList();
    }

    private static Predicate<Project> tagFilter(Map<String, String> params) {
        Predicate<Project> filter = p -> true;
        if (params.containsKey("tags")) {
            List<String> all = Arrays.asList(params.get("tags").split(","));
            filter = filter.and(p -> p.tags().containsAll(all));
        }
        if (params.containsKey("tags-any")) {
            List<String> any = Arrays.asList(params.get("tags-any").split(","));
            filter = filter.and(p -> any.stream().anyMatch(p.tags()::contains));
        }
        if (params.containsKey("not-tags")) {
            List<String> all = Arrays.asList(params.get("not-tags").split(","));
            filter = filter.and(p -> !p.tags().containsAll(all));
        }
        if (params.containsKey("not-tags-any")) {
            List<String> any = Arrays.asList(params.get("not-tags-any").split(","));
            filter = filter.and(p -> any.stream().noneMatch(p.tags()::contains));
        }
        return filter;
    }
}
