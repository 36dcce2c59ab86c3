package io.lightcloud.identity.project;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.Project;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A project's JSON, field for field as Keystone answers it. */
@Component
public class ProjectViews {
    private final IdentityLinks links;

    public ProjectViews(IdentityLinks links) {
        this.links = requireNonNull(links, "links is null");
    }

    public Map<String, Object> project(HttpServletRequest request, Project p) {
        Map<String, Object> view = new LinkedHashMap<>(p.extra());
        view.put("id", p.id());
        view.put("name", p.name());
        view.put("domain_id", p.domainId());
        view.put("description", p.description() == null ? "" : p.description());
        view.put("enabled", p.enabled());
        view.put("parent_id", p.parentId() == null ? p.domainId() : p.parentId());
        view.put("is_domain", false);
        view.put("tags", p.tags());
        view.put("options", Map.of());
        view.put("links", links.self(request, "/projects/" + p.id()));
        return view;
    }
}
