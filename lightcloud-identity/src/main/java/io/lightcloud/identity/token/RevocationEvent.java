package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Objects;

/**
 * Revokes every token that matches all of its non-null fields and was issued at or before {@code issuedBefore}, in
 * the manner of Keystone's revocation events: one event revokes a single token (by audit id), all of a user's tokens,
 * or all tokens of a user on a project.
 */
public record RevocationEvent(String auditId, String userId, String projectId, String domainId,
        String applicationCredentialId, Instant issuedBefore) {

    public RevocationEvent {
        requireNonNull(issuedBefore, "issuedBefore is null");
        if (auditId == null && userId == null && projectId == null && domainId == null
                && applicationCredentialId == null) {
            throw new IllegalArgumentException("a revocation event must name what it revokes");
        }
    }

    public boolean matches(TokenPayload token) {
        if (token.issuedAt().isAfter(issuedBefore)) {
            return false;
        }
        if (auditId != null && !token.auditIds().contains(auditId)) {
            return false;
        }
        if (userId != null && !userId.equals(token.userId())) {
            return false;
        }
        if (projectId != null && !projectId.equals(token.scope().projectId())) {
            return false;
        }
        if (domainId != null && !domainId.equals(token.scope().domainId())
                && !domainId.equals(token.scope().projectDomainId()) && !domainId.equals(token.userDomainId())) {
            return false;
        }
        return applicationCredentialId == null || (token.applicationCredential() != null
                && Objects.equals(applicationCredentialId, token.applicationCredential().id()));
    }
}
