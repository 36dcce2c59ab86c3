package io.lightcloud.identity.user;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * bcrypt at a configurable cost (12 by default, Keystone's default too). Verifying an unknown user still costs one
 * hash, so response times do not reveal which user names exist.
 */
public class PasswordHasher {
    private final BCryptPasswordEncoder encoder;
    private final String dummyHash;

    public PasswordHasher(int cost) {
        this.encoder = new BCryptPasswordEncoder(cost);
        this.dummyHash = encoder.encode("lightcloud-dummy-password");
    }

    public String hash(String secret) {
        return encoder.encode(secret);
    }

    public boolean matches(String secret, String hash) {
        if (hash == null) {
            encoder.matches(secret, dummyHash);
            return false;
        }
        return encoder.matches(secret, hash);
    }

    /** Spends the time of a real check, for a user that does not exist. */
    public void burnTime(String secret) {
        encoder.matches(secret, dummyHash);
    }
}
