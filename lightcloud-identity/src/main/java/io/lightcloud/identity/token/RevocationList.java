package io.lightcloud.identity.token;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The revocation events of every controller, held in memory so that validation needs no database round trip.
 * Events written here take effect at once on this controller; events written by other controllers arrive with the
 * next background refresh (every {@code refreshInterval}). Expired events are purged.
 */
public class RevocationList implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RevocationList.class);

    private final JdbcClient jdbc;
    private final Duration tokenLifetime;
    private final Map<String, Instant> revokedAuditIds = new ConcurrentHashMap<>();
    private final Set<RevocationEvent> broadEvents = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher;
    private volatile long lastSeenId;

    public RevocationList(JdbcClient jdbc, Duration tokenLifetime, Duration refreshInterval) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.tokenLifetime = requireNonNull(tokenLifetime, "tokenLifetime is null");
        refresh();
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "revocation-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = refreshInterval.toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    public boolean isRevoked(TokenPayload token) {
        for (String auditId : token.auditIds()) {
            Instant before = revokedAuditIds.get(auditId);
            if (before != null && !token.issuedAt().isAfter(before)) {
                return true;
            }
        }
        for (RevocationEvent event : broadEvents) {
            if (event.matches(token)) {
                return true;
            }
        }
        return false;
    }

    /** Records the event in the database for every controller and applies it here at once. */
    public void revoke(RevocationEvent event) {
        Instant purgeAfter = event.issuedBefore().plus(tokenLifetime).plus(Duration.ofMinutes(5));
        jdbc.sql("""
                INSERT INTO identity_revocation_event
                    (audit_id, user_id, project_id, domain_id, application_credential_id, issued_before, purge_after)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(event.auditId(), event.userId(), event.projectId(), event.domainId(),
                        event.applicationCredentialId(), utc(event.issuedBefore()), utc(purgeAfter))
                .update();
        apply(event);
    }

    private void apply(RevocationEvent event) {
        if (event.auditId() != null && event.userId() == null && event.projectId() == null
                && event.domainId() == null && event.applicationCredentialId() == null) {
            revokedAuditIds.merge(event.auditId(), event.issuedBefore(), (a, b) -> a.isAfter(b) ? a : b);
        } else {
            broadEvents.add(event);
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not refresh token revocations from the database; will retry: {}", e.toString());
        }
    }

    private synchronized void refresh() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT id, audit_id, user_id, project_id, domain_id, application_credential_id, issued_before
                FROM identity_revocation_event WHERE id > ? AND purge_after > ? ORDER BY id""")
                .params(lastSeenId, now).query().listOfRows();
        for (Map<String, Object> row : rows) {
            apply(new RevocationEvent((String) row.get("audit_id"), (String) row.get("user_id"),
                    (String) row.get("project_id"), (String) row.get("domain_id"),
                    (String) row.get("application_credential_id"), instant(row.get("issued_before"))));
            lastSeenId = Math.max(lastSeenId, ((Number) row.get("id")).longValue());
        }
        purgeExpired(now.toInstant());
    }

    private void purgeExpired(Instant now) {
        Instant horizon = now.minus(tokenLifetime);
        revokedAuditIds.values().removeIf(before -> before.isBefore(horizon));
        broadEvents.removeIf(event -> event.issuedBefore().isBefore(horizon));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
