package io.lightcloud.identity.appcred;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.Timestamps;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.ApplicationCredential;
import io.lightcloud.identity.core.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** An application credential's JSON, field for field as Keystone answers it. */
@Component
public class ApplicationCredentialViews {
    private final IdentityLinks links;

    public ApplicationCredentialViews(IdentityLinks links) {
        this.links = requireNonNull(links, "links is null");
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
        view.put("roles", roles.stream().map(ApplicationCredentialViews::plainRole).toList());
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
}
