package io.lightcloud.server.session;

import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells a caller who its token says it is; the dashboard uses it to show the user, project and roles. */
@RestController
@Tag(name = "Session", description = "The caller's identity as its token asserts it")
public class SessionController {

    @GetMapping("/lightcloud/v1/session")
    @Operation(summary = "Describe the caller", description = "The user, scope, roles and expiry of the token in "
            + "X-Auth-Token. Answers 401 for a missing, expired or revoked token.")
    public Map<String, Object> session(AuthContext caller) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("user_id", caller.userId());
        session.put("user_name", caller.userName());
        session.put("user_domain_id", caller.userDomainId());
        session.put("project_id", caller.projectId());
        session.put("project_name", caller.projectName());
        session.put("domain_id", caller.domainId());
        session.put("roles", caller.roles().stream().sorted().toList());
        session.put("is_admin", caller.isAdmin());
        session.put("expires_at", Timestamps.micros(caller.expiresAt()));
        return Map.of("session", session);
    }
}
