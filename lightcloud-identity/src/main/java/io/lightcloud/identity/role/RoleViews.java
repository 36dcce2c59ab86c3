package io.lightcloud.identity.role;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A role's JSON, in full and as a reference inside other documents, as Keystone answers it. */
@Component
public class RoleViews {
    private final IdentityLinks links;

    public RoleViews(IdentityLinks links) {
        this.links = requireNonNull(links, "links is null");
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
}
