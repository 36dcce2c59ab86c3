package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.placement.Inventory;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.placement.ResourceClass;
import io.lightcloud.compute.placement.Resources;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scheduler's in-memory view of every registered host, like Nova's HostManager. Reading a host's generation
 * before its allocations makes each entry safe to claim from: any allocation change after the generation was read
 * also changed the generation, so a claim based on a stale entry fails its compare-and-swap instead of
 * over-committing. The view is re-read when older than the refresh interval and per host after a failed claim.
 */
public final class HostStateCache {
    private static final String HOST_COLUMNS = "SELECT id, hostname, availability_zone, enabled, forced_down, "
            + "last_heartbeat_at, cpu_arch, hypervisor_type, generation FROM compute_host WHERE registered_at IS NOT NULL";

    private final JdbcClient jdbc;
    private final PlacementRepository placement;
    private final Duration refresh;
    private final Clock clock;
    private final Map<String, HostState> states = new ConcurrentHashMap<>();
    private volatile Instant loadedAt = Instant.EPOCH;

    public HostStateCache(JdbcClient jdbc, PlacementRepository placement, Duration refresh, Clock clock) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.refresh = requireNonNull(refresh, "refresh is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Collection<HostState> hosts() {
        if (loadedAt.plus(refresh).isBefore(clock.instant())) {
            reload();
        }
        return states.values();
    }

    public Optional<HostState> get(String hostId) {
        return Optional.ofNullable(states.get(hostId));
    }

    /** Records the outcome of a claim this controller made, so its next decision needs no database read. */
    public void put(HostState state) {
        states.merge(state.id(), state, (old, fresh) -> fresh.generation() >= old.generation() ? fresh : old);
    }

    /** Forgets the view of the hosts, so that the next decision reads them (after a change made here). */
    public void invalidate() {
        loadedAt = Instant.EPOCH;
    }

    public synchronized void reload() {
        Instant started = clock.instant();
        List<HostRow> rows = jdbc.sql(HOST_COLUMNS).query(HostStateCache::row).list();
        Map<String, Map<ResourceClass, Inventory>> inventories = placement.allInventories();
        Map<String, Resources> usage = placement.allUsage();
        Set<String> seen = new HashSet<>();
        for (HostRow row : rows) {
            seen.add(row.id);
            HostState fresh = row.toState(inventories.getOrDefault(row.id, Map.of()),
                    usage.getOrDefault(row.id, Resources.NONE));
            states.merge(row.id, fresh, HostStateCache::newer);
        }
        states.keySet().retainAll(seen);
        loadedAt = started;
    }

    /** Re-reads one host, generation first. */
    public Optional<HostState> refresh(String hostId) {
        Optional<HostRow> row = jdbc.sql(HOST_COLUMNS + " AND id = ?").param(hostId).query(HostStateCache::row)
                .optional();
        if (row.isEmpty()) {
            states.remove(hostId);
            return Optional.empty();
        }
        HostState fresh = row.get().toState(placement.inventory(hostId), placement.usage(hostId));
        states.put(hostId, fresh);
        return Optional.of(fresh);
    }

    /**
     * Keeps the newer allocation view of two states of a host: a full reload may have read the host before a claim
     * made here was recorded, and must not roll that claim back in memory.
     */
    private static HostState newer(HostState old, HostState fresh) {
        if (old.generation() <= fresh.generation()) {
            return fresh;
        }
        return new HostState(fresh.id(), fresh.hostname(), fresh.availabilityZone(), fresh.enabled(),
                fresh.forcedDown(), fresh.lastHeartbeat(), fresh.cpuArch(), fresh.hypervisorType(), old.generation(),
                old.inventory(), old.used());
    }

    private record HostRow(String id, String hostname, String availabilityZone, boolean enabled, boolean forcedDown,
            Instant lastHeartbeat, String cpuArch, String hypervisorType, long generation) {
        HostState toState(Map<ResourceClass, Inventory> inventory, Resources used) {
            return new HostState(id, hostname, availabilityZone, enabled, forcedDown, lastHeartbeat, cpuArch,
                    hypervisorType, generation, inventory, used);
        }
    }

    private static HostRow row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime heartbeat = rs.getObject("last_heartbeat_at", OffsetDateTime.class);
        return new HostRow(rs.getString("id"), rs.getString("hostname"), rs.getString("availability_zone"),
                rs.getBoolean("enabled"), rs.getBoolean("forced_down"), heartbeat == null ? null : heartbeat.toInstant(),
                rs.getString("cpu_arch"), rs.getString("hypervisor_type"), rs.getLong("generation"));
    }
}
