package io.lightcloud.compute.placement;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Inventories and allocations, Placement's model: a host is a resource provider whose {@code generation} changes
 * with every change of its inventory or allocations. A claim is a compare-and-swap on that generation, so a claim
 * decided on a stale view of the host fails and is retried on a fresh one, whichever controller made the change.
 * Each inventory row also keeps the sum of the host's allocations of its class ({@code used}), changed in the same
 * transaction as the allocations.
 */
@Repository
public class PlacementRepository {
    private static final String ADD_USAGE = """
            UPDATE compute_inventory SET used = used + CASE resource_class WHEN 'VCPU' THEN ? WHEN 'MEMORY_MB' THEN ?
                WHEN 'DISK_GB' THEN ? ELSE 0 END
            WHERE host_id = ?""";

    private final JdbcClient jdbc;

    public PlacementRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Map<ResourceClass, Inventory> inventory(String hostId) {
        Map<ResourceClass, Inventory> inventory = new EnumMap<>(ResourceClass.class);
        jdbc.sql("SELECT * FROM compute_inventory WHERE host_id = ?").param(hostId).query(rs -> {
            ResourceClass rc = ResourceClass.valueOf(rs.getString("resource_class"));
            inventory.put(rc, new Inventory(rc, rs.getLong("total"), rs.getLong("reserved"),
                    rs.getDouble("allocation_ratio")));
        });
        return inventory;
    }

    public Map<String, Map<ResourceClass, Inventory>> allInventories() {
        Map<String, Map<ResourceClass, Inventory>> all = new HashMap<>();
        jdbc.sql("SELECT * FROM compute_inventory").query(rs -> {
            ResourceClass rc = ResourceClass.valueOf(rs.getString("resource_class"));
            all.computeIfAbsent(rs.getString("host_id"), k -> new EnumMap<>(ResourceClass.class))
                    .put(rc, new Inventory(rc, rs.getLong("total"), rs.getLong("reserved"),
                            rs.getDouble("allocation_ratio")));
        });
        return all;
    }

    /**
     * Sets a host's inventory when it changed, bumping the host's generation; runs in the caller's transaction. A
     * new resource class starts with the usage its allocations already have.
     */
    public boolean setInventory(String hostId, List<Inventory> inventories) {
        Map<ResourceClass, Inventory> current = inventory(hostId);
        Map<ResourceClass, Inventory> wanted = new EnumMap<>(ResourceClass.class);
        inventories.forEach(i -> wanted.put(i.resourceClass(), i));
        if (current.equals(wanted)) {
            return false;
        }
        for (ResourceClass rc : current.keySet()) {
            if (!wanted.containsKey(rc)) {
                jdbc.sql("DELETE FROM compute_inventory WHERE host_id = ? AND resource_class = ?")
                        .params(hostId, rc.name()).update();
            }
        }
        for (Inventory i : inventories) {
            int updated = jdbc.sql("""
                    UPDATE compute_inventory SET total = ?, reserved = ?, allocation_ratio = ?
                    WHERE host_id = ? AND resource_class = ?""")
                    .params(i.total(), i.reserved(), i.allocationRatio(), hostId, i.resourceClass().name()).update();
            if (updated == 0) {
                jdbc.sql("""
                        INSERT INTO compute_inventory (host_id, resource_class, total, reserved, allocation_ratio, used)
                        VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(SUM(used), 0) FROM compute_allocation
                            WHERE host_id = ? AND resource_class = ?))""")
                        .params(hostId, i.resourceClass().name(), i.total(), i.reserved(), i.allocationRatio(),
                                hostId, i.resourceClass().name())
                        .update();
            }
        }
        bumpGeneration(hostId);
        return true;
    }

    public Resources usage(String hostId) {
        Map<ResourceClass, Long> used = new EnumMap<>(ResourceClass.class);
        jdbc.sql("SELECT resource_class, used FROM compute_inventory WHERE host_id = ?").param(hostId).query(rs -> {
            used.put(ResourceClass.valueOf(rs.getString("resource_class")), rs.getLong("used"));
        });
        return Resources.of(used);
    }

    public Map<String, Resources> allUsage() {
        Map<String, Map<ResourceClass, Long>> used = new HashMap<>();
        jdbc.sql("SELECT host_id, resource_class, used FROM compute_inventory").query(rs -> {
            used.computeIfAbsent(rs.getString("host_id"), k -> new EnumMap<>(ResourceClass.class))
                    .put(ResourceClass.valueOf(rs.getString("resource_class")), rs.getLong("used"));
        });
        Map<String, Resources> usage = new HashMap<>();
        used.forEach((host, amounts) -> usage.put(host, Resources.of(amounts)));
        return usage;
    }

    /**
     * The compare-and-swap of a claim: bumps the host's generation if it still is {@code expected}. The row lock
     * this takes serializes allocation changes on the host until the transaction ends.
     */
    public boolean swapGeneration(String hostId, long expected) {
        return jdbc.sql("UPDATE compute_host SET generation = generation + 1, changed_at = ? WHERE id = ? "
                + "AND generation = ?").params(OffsetDateTime.now(ZoneOffset.UTC), hostId, expected).update() == 1;
    }

    public void bumpGeneration(String hostId) {
        jdbc.sql("UPDATE compute_host SET generation = generation + 1, changed_at = ? WHERE id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC), hostId).update();
    }

    /** Writes a consumer's allocations on a host and adds them to the host's usage, in two statements. */
    public void allocate(String consumerId, String hostId, Resources resources) {
        Map<ResourceClass, Long> amounts = resources.asMap();
        if (amounts.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO compute_allocation (consumer_id, host_id, resource_class, "
                + "used) VALUES ");
        List<Object> params = new ArrayList<>();
        amounts.forEach((rc, amount) -> {
            sql.append(params.isEmpty() ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
            params.addAll(List.of(consumerId, hostId, rc.name(), amount));
        });
        jdbc.sql(sql.toString()).params(params).update();
        addUsage(hostId, resources);
    }

    /** The hosts a consumer has allocations on, with the amounts. */
    public Map<String, Resources> allocations(String consumerId) {
        Map<String, Map<ResourceClass, Long>> byHost = new LinkedHashMap<>();
        jdbc.sql("SELECT host_id, resource_class, used FROM compute_allocation WHERE consumer_id = ? ORDER BY host_id")
                .param(consumerId).query(rs -> {
                    byHost.computeIfAbsent(rs.getString("host_id"), k -> new EnumMap<>(ResourceClass.class))
                            .put(ResourceClass.valueOf(rs.getString("resource_class")), rs.getLong("used"));
                });
        Map<String, Resources> allocations = new LinkedHashMap<>();
        byHost.forEach((host, amounts) -> allocations.put(host, Resources.of(amounts)));
        return allocations;
    }

    /**
     * Deletes a consumer's allocations, taking them off its hosts' usage and bumping their generations (in host
     * order, as claims lock hosts); returns the hosts.
     */
    public List<String> release(String consumerId) {
        Map<String, Resources> allocations = allocations(consumerId);
        for (Map.Entry<String, Resources> entry : allocations.entrySet()) {
            bumpGeneration(entry.getKey());
            addUsage(entry.getKey(), Resources.NONE.minus(entry.getValue()));
        }
        jdbc.sql("DELETE FROM compute_allocation WHERE consumer_id = ?").param(consumerId).update();
        return List.copyOf(allocations.keySet());
    }

    /** Hands a consumer's allocations to another consumer (a resize's migration holds the old flavor). */
    public void move(String fromConsumer, String toConsumer) {
        for (String host : allocations(fromConsumer).keySet()) {
            bumpGeneration(host);
        }
        jdbc.sql("UPDATE compute_allocation SET consumer_id = ? WHERE consumer_id = ?").params(toConsumer, fromConsumer)
                .update();
    }

    private void addUsage(String hostId, Resources delta) {
        jdbc.sql(ADD_USAGE).params(delta.vcpus(), delta.memoryMb(), delta.diskGb(), hostId).update();
    }
}
