package io.lightcloud.compute.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Per-host agent credentials, {@code <host id>:<secret>}. The secret is 256 random bits, so a single SHA-256 is
 * enough to store it (no password stretching is needed for a secret nobody chose); it is shown once, at creation.
 */
public final class HostCredentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    private HostCredentials() {
    }

    public record Parsed(String hostId, String secret) {
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String credential(String hostId, String secret) {
        return hostId + ":" + secret;
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    public static Optional<Parsed> parse(String credential) {
        if (credential == null) {
            return Optional.empty();
        }
        int colon = credential.indexOf(':');
        if (colon <= 0 || colon == credential.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(credential.substring(0, colon), credential.substring(colon + 1)));
    }

    /** Compares in constant time, so the comparison does not leak how much of a guess was right. */
    public static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
