package io.lightcloud.identity.core;

/**
 * What identity changes tell the token layer, as Keystone's identity and assignment managers notify its revoke
 * subsystem: the entity packages call this when a token's grounds change (a user disabled, a role removed, a
 * project deleted), and the token package answers by recording a revocation.
 */
public interface TokenRevoker {
    void token(String auditId);

    void user(String userId);

    void userOnProject(String userId, String projectId);

    void project(String projectId);

    void domain(String domainId);

    void applicationCredential(String id);
}
