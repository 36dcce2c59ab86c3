package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.placement.Inventory;
import io.lightcloud.compute.placement.ResourceClass;
import io.lightcloud.compute.placement.Resources;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scheduler's in-memory view of every registered host, like Nova's HostManager. A host's generation and its
 * usage are read in one statement, so each entry is safe to claim from: an allocation change after the read also
 * changed the generation, and a claim based on the stale entry fails its compare-and-swap instead of over-committing.
 * Hosts changed since the last look (by any controller) are re-read every {@link #CHANGES_INTERVAL}, all hosts every
 * refresh interval (heartbeats age without a change), and one host after a failed claim.
 */
public final class HostStateCache {
    static final Duration CHANGES_INTERVAL = Duration.ofMillis(100);
    // A change stamped before the last look but committed after it is caught by looking back this far (claims are
    // short transactions); one missed anyway costs a failed compare-and-swap, or waits for the full refresh.
    private static final Duration CHANGES_OVERLAP = Duration.ofMillis(250);
    private static final String HOSTS = """
            SELECT h.id, h.hostname, h.availability_zone, h.enabled, h.forced_down, h.last_heartbeat_at, h.cpu_arch,
                h.hypervisor_type, h.generation, i.resource_class, i.total, i.reserved, i.allocation_ratio, i.used
            FROM compute_host h LEFT JOIN compute_inventory i ON i.host_id = h.id
            WHERE h.registered_at IS NOT NULL""";

    private final JdbcClient jdbc;
    private final Duration refresh;
    private final Clock clock;
    private final Map<String, AtomicReference<HostState>> slots = new ConcurrentHashMap<>();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile List<AtomicReference<HostState>> ordered = List.of();
    private volatile Instant loadedAt = Instant.EPOCH;
    private volatile Instant changesAt = Instant.EPOCH;
    private volatile boolean loaded;

    public HostStateCache(JdbcClient jdbc, Duration refresh, Clock clock) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.refresh = requireNonNull(refresh, "refresh is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The hosts; brought up to date by one thread when due, while the others go on with the current view. */
    public List<HostState> hosts() {
        if (!loaded) {
            synchronized (this) {
                if (!loaded) {
                    reload();
                }
            }
        } else {
            Instant now = clock.instant();
            boolean full = loadedAt.plus(refresh).isBefore(now);
            if ((full || changesAt.plus(CHANGES_INTERVAL).isBefore(now)) && reloading.compareAndSet(false, true)) {
                try {
                    if (full) {
                        reload();
                    } else {
                        readChanges(now);
                    }
                } finally {
                    reloading.set(false);
                }
            }
        }
        List<AtomicReference<HostState>> current = ordered;
        HostState[] view = new HostState[current.size()];
        for (int i = 0; i < view.length; i++) {
            view[i] = current.get(i).get();
        }
        return Arrays.asList(view);
    }

    public Optional<HostState> get(String hostId) {
        AtomicReference<HostState> slot = slots.get(hostId);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.get());
    }

    /** Records the outcome of a claim this controller made, so its next decision needs no database read. */
    public void put(HostState state) {
        AtomicReference<HostState> slot = slots.get(state.id());
        if (slot == null) {
            refresh(state.id());
            return;
        }
        slot.accumulateAndGet(state, HostStateCache::newer);
    }

    /** Forgets the view of the hosts, so that the next decision reads them (after a change made here). */
    public void invalidate() {
        loadedAt = Instant.EPOCH;
    }

    public synchronized void reload() {
        Instant started = clock.instant();
        Map<String, HostState> fresh = read(HOSTS, List.of());
        Set<String> seen = new HashSet<>(fresh.keySet());
        fresh.values().forEach(this::merge);
        slots.keySet().retainAll(seen);
        reorder();
        loadedAt = started;
        changesAt = started;
        loaded = true;
    }

    /** Re-reads one host, after a claim on it lost its compare-and-swap. */
    public Optional<HostState> refresh(String hostId) {
        HostState fresh = read(HOSTS + " AND h.id = ?", List.of(hostId)).get(hostId);
        if (fresh == null) {
            if (slots.remove(hostId) != null) {
                reorder();
            }
            return Optional.empty();
        }
        AtomicReference<HostState> slot = slots.get(hostId);
        if (slot == null) {
            slots.put(hostId, new AtomicReference<>(fresh));
            reorder();
        } else {
            slot.set(fresh);
        }
        return Optional.of(fresh);
    }

    private void readChanges(Instant now) {
        OffsetDateTime since = changesAt.minus(CHANGES_OVERLAP).atOffset(ZoneOffset.UTC);
        Map<String, HostState> changed = read(HOSTS + " AND h.changed_at > ?", List.of(since));
        boolean added = false;
        for (HostState state : changed.values()) {
            added |= merge(state);
        }
        if (added) {
            reorder();
        }
        changesAt = now;
    }

    /** Takes a state read from the database unless this controller already knows a newer one; true if new. */
    private boolean merge(HostState fresh) {
        AtomicReference<HostState> slot = slots.get(fresh.id());
        if (slot == null) {
            slots.put(fresh.id(), new AtomicReference<>(fresh));
            return true;
        }
        slot.accumulateAndGet(fresh, HostStateCache::newer);
        return false;
    }

    private synchronized void reorder() {
        ordered = List.copyOf(slots.values());
    }

    /**
     * Keeps the newer allocation view of two states of a host: a read may have seen the host before a claim made
     * here was recorded, and must not roll that claim back in memory.
     */
    private static HostState newer(HostState old, HostState fresh) {
        if (old.generation() <= fresh.generation()) {
            return fresh;
        }
        return new HostState(fresh.id(), fresh.hostname(), fresh.availabilityZone(), fresh.enabled(),
                fresh.forcedDown(), fresh.lastHeartbeat(), fresh.cpuArch(), fresh.hypervisorType(), old.generation(),
                old.inventory(), old.used());
    }

    private Map<String, HostState> read(String sql, List<Object> params) {
        Map<String, Row> rows = new LinkedHashMap<>();
        jdbc.sql(sql).params(params).query(rs -> {
            Row row = rows.computeIfAbsent(rs.getString("id"), id -> row(rs));
            String resourceClass = rs.getString("resource_class");
            if (resourceClass != null) {
                ResourceClass rc = ResourceClass.valueOf(resourceClass);
                row.inventory.put(rc, new Inventory(rc, rs.getLong("total"), rs.getLong("reserved"),
                        rs.getDouble("allocation_ratio")));
                row.used.put(rc, rs.getLong("used"));
            }
        });
        Map<String, HostState> states = new LinkedHashMap<>();
        rows.forEach((id, row) -> states.put(id, new HostState(id, row.hostname, row.zone, row.enabled,
                row.forcedDown, row.heartbeat, row.arch, row.hypervisorType, row.generation, row.inventory,
                Resources.of(row.used))));
        return states;
    }

    private static final class Row {
        String hostname;
        String zone;
        boolean enabled;
        boolean forcedDown;
        Instant heartbeat;
        String arch;
        String hypervisorType;
        long generation;
        final Map<ResourceClass, Inventory> inventory = new EnumMap<>(ResourceClass.class);
        final Map<ResourceClass, Long> used = new EnumMap<>(ResourceClass.class);
    }

    private static Row row(ResultSet rs) {
        try {
            Row row = new Row();
            row.hostname = rs.getString("hostname");
            row.zone = rs.getString("availability_zone");
            row.enabled = rs.getBoolean("enabled");
            row.forcedDown = rs.getBoolean("forced_down");
            OffsetDateTime heartbeat = rs.getObject("last_heartbeat_at", OffsetDateTime.class);
            row.heartbeat = heartbeat == null ? null : heartbeat.toInstant();
            row.arch = rs.getString("cpu_arch");
            row.hypervisorType = rs.getString("hypervisor_type");
            row.generation = rs.getLong("generation");
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException("reading a host row failed", e);
        }
    }
}
