package io.lightcloud.compute.keypair;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/** A user's key pair: type {@code ssh} (an OpenSSH public key) or {@code x509} (a PEM certificate). */
public record Keypair(long id, String userId, String name, String type, String fingerprint, String publicKey,
        OffsetDateTime createdAt) {
    public Keypair {
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(publicKey, "publicKey is null");
    }
}
