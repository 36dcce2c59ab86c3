package io.lightcloud.compute.aggregate;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.scheduler.HostAggregates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every host's aggregate metadata for the scheduler, read in one query and kept for {@link #MAX_AGE}: a placement
 * asks for every host, and a change made by another controller is seen within that time (one made here at once).
 */
@Component
public class AggregateHostMetadata implements HostAggregates {
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(Instant readAt, Map<String, Map<String, Set<String>>> byHost) {
    }

    @Autowired
    public AggregateHostMetadata(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    AggregateHostMetadata(JdbcClient jdbc, Clock clock) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Map<String, Set<String>> metadata(String hostId) {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current == null || current.readAt().plus(MAX_AGE).isBefore(now)) {
            current = read(now);
            snapshot = current;
        }
        return current.byHost().getOrDefault(hostId, Map.of());
    }

    /** Drops the snapshot after a change made here. */
    public void invalidate() {
        snapshot = null;
    }

    private Snapshot read(Instant now) {
        Map<String, Map<String, Set<String>>> byHost = new HashMap<>();
        jdbc.sql("""
                SELECT ah.host_id, m.meta_key, m.meta_value FROM compute_aggregate_host ah
                JOIN compute_aggregate_metadata m ON m.aggregate_id = ah.aggregate_id""").query(rs -> {
                    byHost.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new HashSet<>()).add(rs.getString(3));
                });
        return new Snapshot(now, byHost);
    }
}
