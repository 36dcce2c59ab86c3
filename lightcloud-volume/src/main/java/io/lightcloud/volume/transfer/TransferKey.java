package io.lightcloud.volume.transfer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A transfer's one-time key: 16 characters shown once to the giver, who passes it to the receiver out of band.
 * Only a salted SHA-256 of it is stored, and it is compared in constant time.
 */
final class TransferKey {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    record Hashed(String salt, String hash) {
        boolean matches(String key) {
            return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                    TransferKey.hash(salt, key).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private TransferKey() {
    }

    static String generate() {
        StringBuilder key = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    static Hashed hashed(String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltText = HexFormat.of().formatHex(salt);
        return new Hashed(saltText, hash(saltText, key));
    }

    private static String hash(String salt, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
