package io.lightcloud.compute.placement;

import static java.util.Objects.requireNonNull;

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
 */
@Repository
public class PlacementRepository {
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

    /** Replaces a host's inventory when it changed, bumping the host's generation; runs in the caller's transaction. */
    public boolean setInventory(String hostId, List<Inventory> inventories) {
        Map<ResourceClass, Inventory> current = inventory(hostId);
        Map<ResourceClass, Inventory> wanted = new EnumMap<>(ResourceClass.class);
        inventories.forEach(i -> wanted.put(i.resourceClass(), i));
        if (current.equals(wanted)) {
            return false;
        }
        jdbc.sql("DELETE FROM compute_inventory WHERE host_id = ?").param(hostId).update();
        for (Inventory i : inventories) {
            jdbc.sql("""
                    INSERT INTO compute_inventory (host_id, resource_class, total, reserved, allocation_ratio)
                    VALUES (?, ?, ?, ?, ?)""")
                    .params(hostId, i.resourceClass().name(), i.total(), i.reserved(), i.allocationRatio()).update();
        }
        bumpGeneration(hostId);
        return true;
    }

    public Resources usage(String hostId) {
        Map<ResourceClass, Long> used = new EnumMap<>(ResourceClass.class);
        jdbc.sql("SELECT resource_class, SUM(used) AS total FROM compute_allocation WHERE host_id = ? "
                + "GROUP BY resource_class").param(hostId).query(rs -> {
                    used.put(ResourceClass.valueOf(rs.getString("resource_class")), rs.getLong("total"));
                });
        return Resources.of(used);
    }

    public Map<String, Resources> allUsage() {
        Map<String, Map<ResourceClass, Long>> used = new HashMap<>();
        jdbc.sql("SELECT host_id, resource_class, SUM(used) AS total FROM compute_allocation "
                + "GROUP BY host_id, resource_class").query(rs -> {
                    used.computeIfAbsent(rs.getString("host_id"), k -> new EnumMap<>(ResourceClass.class))
                            .put(ResourceClass.valueOf(rs.getString("resource_class")), rs.getLong("total"));
                });
        Map<String, Resources> usage = new HashMap<>();
        used.forEach((host, amounts) -> usage.put(host, Resources.of(amounts)));
        return usage;
    }

    public long generation(String hostId) {
        return jdbc.sql("SELECT generation FROM compute_host WHERE id = ?").param(hostId).query(Long.class).single();
    }

    /**
     * The compare-and-swap of a claim: bumps the host's generation if it still is {@code expected}. The row lock
     * this takes serializes allocation changes on the host until the transaction ends.
     */
    public boolean swapGeneration(String hostId, long expected) {
        return jdbc.sql("UPDATE compute_host SET generation = generation + 1 WHERE id = ? AND generation = ?")
                .params(hostId, expected).update() == 1;
    }

    public void bumpGeneration(String hostId) {
        jdbc.sql("UPDATE compute_host SET generation = generation + 1 WHERE id = ?").param(hostId).update();
    }

    public void allocate(String consumerId, String hostId, Resources resources) {
        resources.asMap().forEach((rc, amount) -> jdbc.sql("""
                INSERT INTO compute_allocation (consumer_id, host_id, resource_class, used) VALUES (?, ?, ?, ?)""")
                .params(consumerId, hostId, rc.name(), amount).update());
    }

    /** The hosts a consumer has allocations on, with the amounts. */
    public Map<String, Resources> allocations(String consumerId) {
        Map<String, Map<ResourceClass, Long>> byHost = new LinkedHashMap<>();
        jdbc.sql("SELECT host_id, resource_class, used FROM compute_allocation WHERE consumer_id = ?")
                .param(consumerId).query(rs -> {
                    byHost.computeIfAbsent(rs.getString("host_id"), k -> new EnumMap<>(ResourceClass.class))
                            .put(ResourceClass.valueOf(rs.getString("resource_class")), rs.getLong("used"));
                });
        Map<String, Resources> allocations = new LinkedHashMap<>();
        byHost.forEach((host, amounts) -> allocations.put(host, Resources.of(amounts)));
        return allocations;
    }

    /** Deletes a consumer's allocations and bumps the generation of every host they were on; returns the hosts. */
    public List<String> release(String consumerId) {
        List<String> hosts = new ArrayList<>(jdbc.sql(
                "SELECT DISTINCT host_id FROM compute_allocation WHERE consumer_id = ? ORDER BY host_id")
                .param(consumerId).query(String.class).list());
        for (String host : hosts) {
            bumpGeneration(host);
        }
        jdbc.sql("DELETE FROM compute_allocation WHERE consumer_id = ?").param(consumerId).update();
        return hosts;
    }

    /** Hands a consumer's allocations to another consumer (a resize's migration holds the old flavor). */
    public void move(String fromConsumer, String toConsumer) {
        List<String> hosts = jdbc.sql("SELECT DISTINCT host_id FROM compute_allocation WHERE consumer_id = ? "
                + "ORDER BY host_id").param(fromConsumer).query(String.class).list();
        for (String host : hosts) {
            bumpGeneration(host);
        }
        jdbc.sql("UPDATE compute_allocation SET consumer_id = ? WHERE consumer_id = ?").params(toConsumer, fromConsumer)
                .update();
    }
}
