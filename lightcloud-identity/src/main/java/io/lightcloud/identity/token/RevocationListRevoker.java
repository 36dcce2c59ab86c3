package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.core.TokenRevoker;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Revokes tokens whose grounds have changed by adding an event to the revocation list. */
@Component
public class RevocationListRevoker implements TokenRevoker {
    private final RevocationList revocations;

    public RevocationListRevoker(RevocationList revocations) {
        this.revocations = requireNonNull(revocations, "revocations is null");
    }

    @Override
    public void token(String auditId) {
        revocations.revoke(new RevocationEvent(auditId, null, null, null, null, Instant.now()));
    }

    @Override
    public void user(String userId) {
        revocations.revoke(new RevocationEvent(null, userId, null, null, null, Instant.now()));
    }

    @Override
    public void userOnProject(String userId, String projectId) {
        revocations.revoke(new RevocationEvent(null, userId, projectId, null, null, Instant.now()));
    }

    @Override
    public void project(String projectId) {
        revocations.revoke(new RevocationEvent(null, null, projectId, null, null, Instant.now()));
    }

    @Override
    public void domain(String domainId) {
        revocations.revoke(new RevocationEvent(null, null, null, domainId, null, Instant.now()));
    }

    @Override
    public void applicationCredential(String id) {
        revocations.revoke(new RevocationEvent(null, null, null, null, id, Instant.now()));
    }
}
