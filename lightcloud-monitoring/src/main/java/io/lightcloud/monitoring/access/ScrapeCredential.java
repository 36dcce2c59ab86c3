package io.lightcloud.monitoring.access;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer credential machines present to monitoring endpoints: Prometheus reading discovery and scraping agents,
 * Alertmanager posting alerts. It is the controller's metrics credential, so one secret file serves every scrape.
 */
public final class ScrapeCredential {
    private final byte[] secret;
    private final String value;

    public ScrapeCredential(String value) {
        requireNonNull(value, "value is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the scrape credential is empty");
        }
        this.value = value.strip();
        this.secret = this.value.getBytes(StandardCharsets.UTF_8);
    }

    /** Compares in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an {@code Authorization} header carries this credential as a bearer token. */
    public boolean admits(String authorizationHeader) {
        String bearer = "Bearer ";
        return authorizationHeader != null && authorizationHeader.regionMatches(true, 0, bearer, 0, bearer.length())
                && matches(authorizationHeader.substring(bearer.length()).trim());
    }

    /** The secret itself, only for writing the file Prometheus and Alertmanager read. */
    public String value() {
        return value;
    }
}
