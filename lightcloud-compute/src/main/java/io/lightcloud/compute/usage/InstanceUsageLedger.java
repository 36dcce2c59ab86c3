package io.lightcloud.compute.usage;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.instance.InstanceFlavor;
import io.lightcloud.compute.instance.InstanceLifeListener;
import io.lightcloud.compute.store.JsonText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps each instance's usage intervals in line with its row: an open interval with the current flavor while the
 * instance is launched and not deleted, every other interval closed. Reconciling compares the two and changes only
 * what differs, so calling it twice, after a crash, or from two controllers does no harm; the unique open key
 * makes a concurrent second opening fail rather than count twice.
 */
@Component
public class InstanceUsageLedger implements InstanceLifeListener {
    private static final Logger log = LoggerFactory.getLogger(InstanceUsageLedger.class);

    private final JdbcClient jdbc;
    private final JsonText json;
    private final UsageClock clock;

    public InstanceUsageLedger(JdbcClient jdbc, JsonText json, UsageClock clock) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Called in the transaction that changed one of {@link #LIFE_COLUMNS}: the change happened now. */
    @Override
    public void changed(String instanceId) {
        reconcile(instanceId, clock.now(), false);
    }

    /**
     * Repairs an instance whose ledger disagrees with its row (written before the ledger existed): a first interval
     * starts at launch and a last one ends at termination, as the row says; a flavor change is dated now.
     */
    void repair(String instanceId) {
        reconcile(instanceId, clock.now(), true);
    }

    private void reconcile(String instanceId, Instant now, boolean fromRow) {
        Optional<Life> found = jdbc.sql("""
                SELECT project_id, user_id, flavor, launched_at, terminated_at, deleted_at
                FROM compute_instance WHERE id = ? FOR UPDATE""").param(instanceId)
                .query((rs, n) -> new Life(rs.getString("project_id"), rs.getString("user_id"),
                        flavor(rs.getString("flavor")), instant(rs.getObject("launched_at", OffsetDateTime.class)),
                        instant(rs.getObject("terminated_at", OffsetDateTime.class)),
                        rs.getObject("deleted_at", OffsetDateTime.class) != null))
                .optional();
        if (found.isEmpty() || found.get().launchedAt() == null) {
            return;
        }
        Life life = found.get();
        Optional<OpenInterval> open = jdbc.sql("""
                SELECT id, flavor_id, vcpus, memory_mb, root_gb, ephemeral_gb, started_at
                FROM compute_usage_interval WHERE open_key = ?""").param(instanceId)
                .query((rs, n) -> new OpenInterval(rs.getLong("id"), new Flavor(rs.getString("flavor_id"), "",
                        rs.getInt("vcpus"), rs.getLong("memory_mb"), rs.getLong("root_gb"),
                        rs.getLong("ephemeral_gb")), rs.getObject("started_at", OffsetDateTime.class).toInstant()))
                .optional();
        if (life.deleted()) {
            open.ifPresent(o -> close(instanceId, o, fromRow && life.terminatedAt() != null ? life.terminatedAt()
                    : now, "deleted"));
            return;
        }
        if (open.isPresent()) {
            if (open.get().flavor().sameSize(life.flavor())) {
                return;
            }
            close(instanceId, open.get(), now, "flavor changed");
        }
        Optional<OffsetDateTime> launched = jdbc.sql("SELECT started_at FROM compute_usage_interval "
                + "WHERE instance_id = ? ORDER BY started_at FETCH FIRST 1 ROWS ONLY").param(instanceId)
                .query(OffsetDateTime.class).optional();
        Instant at = launched.isEmpty() && fromRow ? life.launchedAt() : now;
        open(instanceId, life, at, launched.map(OffsetDateTime::toInstant).orElse(at));
    }

    private void open(String instanceId, Life life, Instant at, Instant launchedAt) {
        Flavor f = life.flavor();
        jdbc.sql("""
                INSERT INTO compute_usage_interval (instance_id, project_id, user_id, flavor_id, flavor_name, vcpus,
                    memory_mb, root_gb, ephemeral_gb, launched_at, started_at, open_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(instanceId, life.projectId(), life.userId(), f.id(), f.name(), f.vcpus(), f.memoryMb(),
                        f.rootGb(), f.ephemeralGb(), launchedAt.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC),
                        instanceId)
                .update();
        log.info("Usage interval opened instance_id={} project_id={} flavor={} vcpus={} ram_mb={} disk_gb={} at={}",
                instanceId, life.projectId(), f.name(), f.vcpus(), f.memoryMb(), f.rootGb() + f.ephemeralGb(), at);
    }

    private void close(String instanceId, OpenInterval open, Instant at, String reason) {
        Instant end = at.isBefore(open.startedAt()) ? open.startedAt() : at;
        jdbc.sql("UPDATE compute_usage_interval SET ended_at = ?, open_key = NULL WHERE id = ? AND open_key = ?")
                .params(end.atOffset(ZoneOffset.UTC), open.id(), instanceId).update();
        log.info("Usage interval closed instance_id={} reason=\"{}\" at={}", instanceId, reason, end);
    }

    private Flavor flavor(String text) {
        InstanceFlavor f = json.readShared(text, InstanceFlavor.class);
        return new Flavor(f.id(), f.name(), f.vcpus(), f.memoryMb(), f.rootGb(), f.ephemeralGb());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private record Life(String projectId, String userId, Flavor flavor, Instant launchedAt, Instant terminatedAt,
            boolean deleted) {
    }

    private record OpenInterval(long id, Flavor flavor, Instant startedAt) {
    }

    private record Flavor(String id, String name, int vcpus, long memoryMb, long rootGb, long ephemeralGb) {
        boolean sameSize(Flavor other) {
            return id.equals(other.id) && vcpus == other.vcpus && memoryMb == other.memoryMb
                    && rootGb == other.rootGb && ephemeralGb == other.ephemeralGb;
        }
    }
}
