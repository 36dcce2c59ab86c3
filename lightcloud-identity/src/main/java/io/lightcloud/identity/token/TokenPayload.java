package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a token asserts. The token carries all of it, signed, so any controller validates a token without asking the
 * database; only revocation needs shared state, and that is kept in memory and refreshed in the background.
 *
 * @param auditIds this token's audit id first, then the audit id of the token it was rescoped from, as Keystone does
 */
public record TokenPayload(
        String userId,
        String userName,
        String userDomainId,
        String userDomainName,
        List<String> methods,
        Scope scope,
        List<RoleRef> roles,
        List<String> auditIds,
        Instant issuedAt,
        Instant expiresAt,
        AppCredentialRef applicationCredential) {

    public TokenPayload {
        requireNonNull(userId, "userId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(userDomainId, "userDomainId is null");
        requireNonNull(userDomainName, "userDomainName is null");
        methods = List.copyOf(methods);
        requireNonNull(scope, "scope is null");
        roles = List.copyOf(roles);
        auditIds = List.copyOf(auditIds);
        if (auditIds.isEmpty()) {
            throw new IllegalArgumentException("a token needs an audit id");
        }
        requireNonNull(issuedAt, "issuedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public String auditId() {
        return auditIds.get(0);
    }

    /** The audit id shared by a token and every token rescoped from it. */
    public String auditChainId() {
        return auditIds.get(auditIds.size() - 1);
    }

    public record RoleRef(String id, String name) {
        public RoleRef {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
        }
    }

    public record AppCredentialRef(String id, String name, boolean restricted) {
        public AppCredentialRef {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
        }
    }

    /** A project scope, a domain scope, or neither (an unscoped token). */
    public record Scope(String projectId, String projectName, String projectDomainId, String projectDomainName,
            String domainId, String domainName) {
        public static final Scope UNSCOPED = new Scope(null, null, null, null, null, null);

        public static Scope project(String id, String name, String domainId, String domainName) {
            return new Scope(requireNonNull(id), requireNonNull(name), requireNonNull(domainId),
                    requireNonNull(domainName), null, null);
        }

        public static Scope domain(String id, String name) {
            return new Scope(null, null, null, null, requireNonNull(id), requireNonNull(name));
        }

        public boolean isProject() {
            return projectId != null;
        }

        public boolean isDomain() {
            return domainId != null;
        }
    }
}
