package io.lightcloud.identity.user;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.User;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A user's JSON, field for field as Keystone answers it. */
@Component
public class UserViews {
    private final IdentityLinks links;

    public UserViews(IdentityLinks links) {
        this.links = requireNonNull(links, "links is null");
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
}
