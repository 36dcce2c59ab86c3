package io.lightcloud.common.auth;

/**
 * Turns a token presented in {@code X-Auth-Token} into the caller's context. Implemented by the identity service;
 * other services depend only on this interface.
 */
public interface TokenVerifier {
    /**
     * @throws io.lightcloud.common.api.ApiException with status 401 when the token is malformed, forged, expired or
     *         revoked
     */
    AuthContext verify(String token);
}
