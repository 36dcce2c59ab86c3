package io.lightcloud.server.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer credential a Prometheus scrape of {@code /metrics} must present: configured
 * ({@code LIGHTCLOUD_METRICS_CREDENTIAL}, the same on every controller), or generated on first start into the data
 * directory's {@code metrics-credential} (mode 0600), which Prometheus reads with {@code authorization:
 * credentials_file}.
 */
public final class MetricsCredential {
    private final byte[] secret;

    private MetricsCredential(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public static MetricsCredential configuredOrGenerated(String configured, Path file) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return new MetricsCredential(configured.trim());
        }
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // Another controller on the same data directory made it first: use theirs.
            }
        }
        return new MetricsCredential(Files.readString(file, StandardCharsets.UTF_8).trim());
    }

    /** Compares in constant time, so the answer's timing tells nothing about the secret. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }
}
