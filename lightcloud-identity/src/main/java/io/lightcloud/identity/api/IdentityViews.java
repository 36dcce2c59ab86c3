package io.lightcloud.identity.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.Timestamps;
import io.lightcloud.identity.core.ApplicationCredential;
import io.lightcloud.identity.core.Domain;
import io.lightcloud.identity.core.Group;
import io.lightcloud.identity.core.Project;
import io.lightcloud.identity.core.Role;
import io.lightcloud.identity.core.User;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The JSON shapes of identity entities, field for field as Keystone answers them. */
@Component
public class IdentityViews {
    private final IdentityLinks links;

    public IdentityViews(IdentityLinks links) {
        this.links = requireNonNull(links, "links is null");
    }

    public Map<String, Object> domain(HttpServletRequest request, Domain d) {
        Map<String, Object> view = new LinkedHashMap<>(d.extra());
        view.put("id", d.id());
        view.put("name", d.name());
        view.put("description", d.description() == null ? "" : d.description());
        view.put("enabled", d.enabled());
        view.put("tags", List.of());
        view.put("options", Map.of());
        view.put("links", links.self(request, "/domains/" + d.id()));
        return view;
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

    public Map<String, Object> user(HttpServletRequest request, User u) {
        Map<String, Object> view = new LinkedHashMap<>(u.extra());
        view.put("id", u.id());
        view.put("name", u.name());
        view.put("domain_id", u.domainId());
        view.put("enabled", u.enabled());
        if (u.defaultProjectId() != null) {
            view.put("default_project_id", u.defaultProjectId());
        }
        view.put("password_expires_at", null);
        view.put("options", Map.of());
        view.put("links", links.self(request, "/users/" + u.id()));
        return view;
    }

    public Map<String, Object> group(HttpServletRequest request, Group g) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", g.id());
        view.put("name", g.name());
        view.put("domain_id", g.domainId());
        view.put("description", g.description() == null ? "" : g.description());
        view.put("links", links.self(request, "/groups/" + g.id()));
        return view;
    }

    public Map<String, Object> role(HttpServletRequest request, Role r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("name", r.name());
        view.put("domain_id", r.domainId());
        view.put("description", r.description());
        view.put("options", Map.of());
        view.put("links", links.self(request, "/roles/" + r.id()));
        return view;
    }

    /** A role as it appears inside other documents: id, name and link. */
    public Map<String, Object> roleRef(HttpServletRequest request, Role r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("name", r.name());
        view.put("links", links.self(request, "/roles/" + r.id()));
        return view;
    }

    public Map<String, Object> applicationCredential(HttpServletRequest request, ApplicationCredential c,
            List<Role> roles, String secret) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("name", c.name());
        view.put("description", c.description());
        view.put("user_id", c.userId());
        view.put("project_id", c.projectId());
        view.put("expires_at", c.expiresAt() == null ? null : Timestamps.microsWithoutZone(c.expiresAt()));
        view.put("unrestricted", c.unrestricted());
        view.put("system", null);
        view.put("access_rules", List.of());
        view.put("roles", roles.stream().map(IdentityViews::plainRole).toList());
        if (secret != null) {
            view.put("secret", secret);
        }
        view.put("links", links.self(request, "/users/" + c.userId() + "/application_credentials/" + c.id()));
        return view;
    }

    private static Map<String, Object> plainRole(Role r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("name", r.name());
        view.put("domain_id", r.domainId());
        return view;
    }

    public Map<String, Object> collection(HttpServletRequest request, String key, List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, items);
        body.put("links", links.collection(request));
        return body;
    }
}
