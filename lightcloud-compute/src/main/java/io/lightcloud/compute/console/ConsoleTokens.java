package io.lightcloud.compute.console;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One-time, short-lived console tokens bound to a server. Only a token's SHA-256 is stored; redeeming deletes the
 * row, so a token opens one console session, on whichever controller redeems it first. The dashboard's VNC proxy
 * calls {@link #redeem} and connects to the returned target.
 */
public class ConsoleTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Duration lifetime;

    public ConsoleTokens(JdbcClient jdbc, Duration lifetime) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
    }

    /** Where a redeemed token leads: the server, its host, and the VNC endpoint its agent reported. */
    public record Target(String instanceId, String hostId, String consoleType, String vncHost, Integer vncPort) {
    }

    public String issue(String instanceId, String consoleType) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("DELETE FROM compute_console_token WHERE expires_at < ?").param(now).update();
        jdbc.sql("INSERT INTO compute_console_token (token_hash, instance_id, console_type, expires_at) VALUES (?, ?, ?, ?)")
                .params(hash(token), instanceId, consoleType, now.plus(lifetime)).update();
        return token;
    }

    /** Consumes a token: present once, within its lifetime, for a live server. */
    public Optional<Target> redeem(String token) {
        String hash = hash(token);
        Optional<Target> target = jdbc.sql("""
                SELECT t.instance_id, t.console_type, i.host_id, i.vnc_host, i.vnc_port
                FROM compute_console_token t JOIN compute_instance i ON i.id = t.instance_id
                WHERE t.token_hash = ? AND t.expires_at > ? AND i.deleted_at IS NULL""")
                .params(hash, OffsetDateTime.now(ZoneOffset.UTC))
                .query((rs, row) -> new Target(rs.getString("instance_id"), rs.getString("host_id"),
                        rs.getString("console_type"), rs.getString("vnc_host"), rs.getObject("vnc_port", Integer.class)))
                .optional();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        boolean consumed = jdbc.sql("DELETE FROM compute_console_token WHERE token_hash = ?").param(hash).update() == 1;
        return consumed ? target : Optional.empty();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
