package io.lightcloud.common.auth;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;

/**
 * Who is calling and in which scope, as proven by a validated token. Role names include implied roles, so an
 * {@code admin} also holds {@code member} and {@code reader}.
 *
 * @param projectId the project the token is scoped to, or null
 * @param domainId the domain the token is scoped to, or null
 * @param applicationCredentialId the application credential the token came from, or null
 */
public record AuthContext(
        String userId,
        String userName,
        String userDomainId,
        String projectId,
        String projectName,
        String projectDomainId,
        String domainId,
        Set<String> roles,
        String auditId,
        String applicationCredentialId,
        Instant expiresAt) {
    private static final String ATTRIBUTE = AuthContext.class.getName();

    public AuthContext {
        requireNonNull(userId, "userId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(userDomainId, "userDomainId is null");
        roles = Set.copyOf(roles);
        requireNonNull(auditId, "auditId is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Lightcloud, like OpenStack's default policies, treats the admin role in any scope as cloud administrator. */
    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean isProjectScoped() {
        return projectId != null;
    }

    public static AuthContext of(HttpServletRequest request) {
        return (AuthContext) request.getAttribute(ATTRIBUTE);
    }

    public void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
