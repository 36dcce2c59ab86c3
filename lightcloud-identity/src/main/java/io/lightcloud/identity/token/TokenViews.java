package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.Timestamps;
import io.lightcloud.identity.catalog.ServiceCatalog;
import io.lightcloud.identity.token.TokenPayload.RoleRef;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code {"token": ...}} document of Keystone's token issue and validation responses. */
public class TokenViews {
    private final ServiceCatalog catalog;

    public TokenViews(ServiceCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public Map<String, Object> token(HttpServletRequest request, TokenPayload p, boolean withCatalog) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("methods", p.methods());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("domain", ref(p.userDomainId(), p.userDomainName()));
        user.put("id", p.userId());
        user.put("name", p.userName());
        user.put("password_expires_at", null);
        token.put("user", user);
        token.put("audit_ids", p.auditIds());
        token.put("expires_at", Timestamps.micros(p.expiresAt()));
        token.put("issued_at", Timestamps.micros(p.issuedAt()));
        TokenPayload.Scope scope = p.scope();
        if (scope.isProject()) {
            Map<String, Object> project = new LinkedHashMap<>();
            project.put("domain", ref(scope.projectDomainId(), scope.projectDomainName()));
            project.put("id", scope.projectId());
            project.put("name", scope.projectName());
            token.put("project", project);
            token.put("is_domain", false);
        } else if (scope.isDomain()) {
            token.put("domain", ref(scope.domainId(), scope.domainName()));
        }
        if (scope.isProject() || scope.isDomain()) {
            List<Map<String, Object>> roles = p.roles().stream().map(TokenViews::role).toList();
            token.put("roles", roles);
            if (withCatalog) {
                token.put("catalog", catalog.build(request, scope.projectId()));
            }
        }
        if (p.applicationCredential() != null) {
            Map<String, Object> appCred = new LinkedHashMap<>();
            appCred.put("id", p.applicationCredential().id());
            appCred.put("name", p.applicationCredential().name());
            appCred.put("restricted", p.applicationCredential().restricted());
            token.put("application_credential", appCred);
        }
        return Map.of("token", token);
    }

    private static Map<String, Object> role(RoleRef role) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", role.id());
        view.put("name", role.name());
        return view;
    }

    private static Map<String, Object> ref(String id, String name) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("name", name);
        return view;
    }
}
