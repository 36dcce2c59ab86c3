package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.springframework.stereotype.Component;

/** Revokes tokens whose grounds have changed: a user disabled, a role removed, a project deleted. */
@Component
public class TokenRevoker {
    private final RevocationList revocations;

    public TokenRevoker(RevocationList revocations) {
        this.revocations = requireNonNull(revocations, "revocations is null");
    }

    public void token(String auditId) {
        revocations.revoke(new RevocationEvent(auditId, null, null, null, null, Instant.now()));
    }

    public void user(String userId) {
        revocations.revoke(new RevocationEvent(null, userId, null, null, null, Instant.now()));
    }

    public void userOnProject(String userId, String projectId) {
        revocations.revoke(new RevocationEvent(null, userId, projectId, null, null, Instant.now()));
    }

    public void project(String projectId) {
        revocations.revoke(new RevocationEvent(null, null, projectId, null, null, Instant.now()));
    }

    public void domain(String domainId) {
        revocations.revoke(new RevocationEvent(null, null, null, domainId, null, Instant.now()));
    }

    public void applicationCredential(String id) {
        revocations.revoke(new RevocationEvent(null, null, null, null, id, Instant.now()));
    }
}
