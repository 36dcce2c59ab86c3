package io.lightcloud.compute.instance;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import io.lightcloud.compute.store.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class InstanceRepository {
    private static final Pattern COLUMN = Pattern.compile("[a-z_0-9]+");
    private static final int IN_LIST = 50;
    private static final Set<String> JSON_COLUMNS = Set.of("flavor", "old_flavor", "image_meta", "tried_hosts",
            "scheduler_hints");

    private final JdbcClient jdbc;
    private final JsonText json;
    private final InstanceLifeListener life;

    public InstanceRepository(JdbcClient jdbc, JsonText json, InstanceLifeListener life) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
        this.life = requireNonNull(life, "life is null");
    }

    public Optional<Instance> find(String id) {
        return jdbc.sql("SELECT * FROM compute_instance WHERE id = ? AND deleted_at IS NULL").param(id)
                .query(this::map).optional();
    }

    /** Reads and row-locks a live server until the transaction ends, so concurrent actions serialize on it. */
    public Optional<Instance> lock(String id) {
        return jdbc.sql("SELECT * FROM compute_instance WHERE id = ? AND deleted_at IS NULL FOR UPDATE").param(id)
                .query(this::map).optional();
    }

    public Optional<Instance> findIncludingDeleted(String id) {
        return jdbc.sql("SELECT * FROM compute_instance WHERE id = ?").param(id).query(this::map).optional();
    }

    /** Servers matching the SQL-side filters of a list request; the caller filters further and pages. */
    public List<Instance> list(InstanceQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM compute_instance WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (query.projectId() != null) {
            sql.append(" AND project_id = :project");
            params.put("project", query.projectId());
        }
        if (query.changesSince() == null) {
            sql.append(" AND deleted_at IS NULL");
        } else {
            sql.append(" AND updated_at >= :since");
            params.put("since", query.changesSince());
        }
        if (query.changesBefore() != null) {
            sql.append(" AND updated_at <= :before");
            params.put("before", query.changesBefore());
        }
        if (query.hostId() != null) {
            sql.append(" AND host_id = :host");
            params.put("host", query.hostId());
        }
        if (query.userId() != null) {
            sql.append(" AND user_id = :user");
            params.put("user", query.userId());
        }
        if (query.imageId() != null) {
            sql.append(" AND image_id = :image");
            params.put("image", query.imageId());
        }
        if (query.flavorId() != null) {
            sql.append(" AND flavor_id = :flavor");
            params.put("flavor", query.flavorId());
        }
        if (query.availabilityZone() != null) {
            sql.append(" AND availability_zone = :az");
            params.put("az", query.availabilityZone());
        }
        if (query.reservationId() != null) {
            sql.append(" AND reservation_id = :reservation");
            params.put("reservation", query.reservationId());
        }
        if (query.vmStates() != null) {
            if (query.vmStates().isEmpty()) {
                return List.of();
            }
            sql.append(" AND vm_state IN (:states)");
            params.put("states", query.vmStates());
        }
        if (query.locked() != null) {
            sql.append(query.locked() ? " AND locked_by IS NOT NULL" : " AND locked_by IS NULL");
        }
        int tagIndex = 0;
        for (String tag : query.allTags()) {
            String name = "tag" + tagIndex++;
            sql.append(" AND EXISTS (SELECT 1 FROM compute_instance_tag t WHERE t.instance_id = compute_instance.id "
                    + "AND t.tag = :").append(name).append(")");
            params.put(name, tag);
        }
        if (!query.anyTags().isEmpty()) {
            sql.append(" AND EXISTS (SELECT 1 FROM compute_instance_tag t WHERE t.instance_id = compute_instance.id "
                    + "AND t.tag IN (:anyTags))");
            params.put("anyTags", query.anyTags());
        }
        if (!query.notTags().isEmpty()) {
            sql.append(" AND NOT (");
            for (int i = 0; i < query.notTags().size(); i++) {
                String name = "not" + i;
                sql.append(i == 0 ? "" : " AND ").append("EXISTS (SELECT 1 FROM compute_instance_tag t WHERE "
                        + "t.instance_id = compute_instance.id AND t.tag = :").append(name).append(")");
                params.put(name, query.notTags().get(i));
            }
            sql.append(")");
        }
        if (!query.notAnyTags().isEmpty()) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM compute_instance_tag t WHERE t.instance_id = compute_instance.id "
                    + "AND t.tag IN (:notAnyTags))");
            params.put("notAnyTags", query.notAnyTags());
        }
        sql.append(" ORDER BY created_at DESC, seq DESC");
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    public List<Instance> listByHost(String hostId) {
        return jdbc.sql("SELECT * FROM compute_instance WHERE host_id = ? AND deleted_at IS NULL ORDER BY seq")
                .param(hostId).query(this::map).list();
    }

    /** Deleted servers whose host has not yet confirmed that their VM is gone. */
    public List<String> listCleanupPending(String hostId) {
        return jdbc.sql("SELECT id FROM compute_instance WHERE host_id = ? AND cleanup_pending = TRUE")
                .param(hostId).query(String.class).list();
    }

    /** Servers still waiting for a host (after a controller restart, or a reschedule), oldest first. */
    public List<Instance> listUnscheduled(OffsetDateTime updatedBefore) {
        return jdbc.sql("""
                SELECT * FROM compute_instance WHERE deleted_at IS NULL AND host_id IS NULL AND vm_state = 'building'
                AND task_state = 'scheduling' AND updated_at < ? ORDER BY seq""").param(updatedBefore)
                .query(this::map).list();
    }

    public void insert(Instance i) {
        jdbc.sql("""
                INSERT INTO compute_instance (id, project_id, user_id, name, description, hostname, reservation_id,
                    launch_index, flavor_id, flavor, image_id, image_meta, key_name, key_data, user_data, requested_az,
                    availability_zone, config_drive, access_ip_v4, access_ip_v6, desired_power, revision,
                    tried_hosts, scheduler_hints, vm_state, task_state, power_state, created_at, updated_at)
                VALUES (:id, :project, :user, :name, :description, :hostname, :reservation, :launchIndex, :flavorId,
                    :flavor, :image, :imageMeta, :keyName, :keyData, :userData, :requestedAz, :az, :configDrive,
                    :ip4, :ip6, :power, :revision, :tried, :hints, :vmState, :taskState, :powerState, :created,
                    :updated)""")
                .param("id", i.id()).param("project", i.projectId()).param("user", i.userId())
                .param("name", i.name()).param("description", i.description()).param("hostname", i.hostname())
                .param("reservation", i.reservationId()).param("launchIndex", i.launchIndex())
                .param("flavorId", i.flavor().id()).param("flavor", json.write(i.flavor()))
                .param("image", i.imageId()).param("imageMeta", json.write(i.imageMeta()))
                .param("keyName", i.keyName()).param("keyData", i.keyData()).param("userData", i.userData())
                .param("requestedAz", i.requestedAz()).param("az", i.availabilityZone())
                .param("configDrive", i.configDrive()).param("ip4", i.accessIpV4()).param("ip6", i.accessIpV6())
                .param("power", i.desiredPower().name()).param("revision", i.revision())
                .param("tried", json.write(i.triedHosts())).param("hints", json.write(i.schedulerHints()))
                .param("vmState", i.vmState()).param("taskState", i.taskState())
                .param("powerState", i.powerState().code()).param("created", i.createdAt())
                .param("updated", i.updatedAt())
                .update();
    }

    /**
     * Sets columns of a server and its {@code updated_at}. Column names come from the code, never from a request;
     * values of the JSON columns are serialized here.
     */
    private void update(String id, Map<String, Object> columns) {
        StringBuilder sql = new StringBuilder("UPDATE compute_instance SET updated_at = :updatedAt");
        Map<String, Object> params = new HashMap<>();
        params.put("updatedAt", OffsetDateTime.now(ZoneOffset.UTC));
        params.put("id", id);
        for (Map.Entry<String, Object> entry : columns.entrySet()) {
            String column = entry.getKey();
            if (!COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("not a column name: " + column);
            }
            Object value = entry.getValue();
            if (JSON_COLUMNS.contains(column) && value != null) {
                value = json.write(value);
            } else if (value instanceof PowerState p) {
                value = p.code();
            } else if (value instanceof Enum<?> e) {
                value = e.name();
            }
            sql.append(", ").append(column).append(" = :c_").append(column);
            params.put("c_" + column, value);
        }
        sql.append(" WHERE id = :id");
        jdbc.sql(sql.toString()).params(params).update();
        if (!Collections.disjoint(columns.keySet(), InstanceLifeListener.LIFE_COLUMNS)) {
            life.changed(id);
        }
    }

    // ---------------------------------------------------------------------------------- state transitions

    /** Writes a change that needs no agent (a lock, a confirmed resize). */
    public void apply(String id, InstanceChange change) {
        update(id, change.columns());
    }

    /**
     * Writes a change under a new revision for the server's agent; a change that starts a task makes this revision
     * the one whose application completes the task.
     */
    public void apply(String id, InstanceChange change, long revision) {
        Map<String, Object> columns = change.columns();
        columns.put("revision", revision);
        if (change.startsTask()) {
            columns.put("task_revision", revision);
        }
        update(id, columns);
    }

    /** The scheduler placed the server on {@code hostId}: the agent there spawns it at the next revision. */
    public void bindHost(String id, String hostId, String availabilityZone, int buildAttempts, long revision) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("host_id", hostId);
        columns.put("availability_zone", availabilityZone);
        columns.put("task_state", VmState.SPAWNING);
        columns.put("build_attempts", buildAttempts);
        columns.put("revision", revision);
        columns.put("task_revision", revision);
        update(id, columns);
    }

    /** A server that cannot be built (no host, no volume): ERROR with a fault, on no host. */
    public void failBuild(String id, String faultMessage, String faultDetails) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("vm_state", VmState.ERROR);
        columns.put("task_state", null);
        columns.put("host_id", null);
        putFault(columns, faultMessage, faultDetails);
        update(id, columns);
    }

    /** Waiting for a host (after its boot volume was made). */
    public void requestScheduling(String id) {
        update(id, Map.of("task_state", VmState.SCHEDULING));
    }

    /** Deleted for the API; its host still has to clean up when {@code cleanupPending}. */
    public void markDeleted(String id, long revision, boolean cleanupPending) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("deleted_at", now);
        columns.put("terminated_at", now);
        columns.put("task_state", null);
        columns.put("revision", revision);
        columns.put("cleanup_pending", cleanupPending);
        update(id, columns);
    }

    public void finishCleanup(String id) {
        update(id, Map.of("cleanup_pending", false));
    }

    /** An admin's reset-state: {@code vm_state} as given, any task forgotten. */
    public void resetState(String id, String vmState) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("vm_state", vmState);
        columns.put("task_state", null);
        columns.put("task_revision", null);
        update(id, columns);
    }

    public void startImageSnapshot(String id) {
        update(id, Map.of("task_state", VmState.IMAGE_SNAPSHOT));
    }

    public void finishImageSnapshot(String id) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("task_state", null);
        update(id, columns);
    }

    /** Only {@code updated_at}: something shown with the server (its tags, its metadata) changed. */
    public void touch(String id) {
        update(id, Map.of());
    }

    /** A new revision, so the host's agent converges the server again; nothing else changes. */
    public void bumpRevision(String id, long revision) {
        update(id, Map.of("revision", revision));
    }

    /**
     * Ends the running task as its agent applied it: {@code vm_state} as observed, the task cleared, the launch time
     * set on a first start, and the wanted power following a server that ended up stopped.
     */
    public void finishTask(String id, String vmState, boolean firstLaunch, boolean stopWanted) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("vm_state", vmState);
        columns.put("task_state", null);
        columns.put("task_revision", null);
        if (firstLaunch) {
            columns.put("launched_at", OffsetDateTime.now(ZoneOffset.UTC));
        }
        if (stopWanted) {
            columns.put("desired_power", DesiredPower.STOPPED);
        }
        update(id, columns);
    }

    /** ERROR with a fault, the task cleared (Nova's fault code 500). */
    public void markError(String id, String faultMessage, String faultDetails) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("vm_state", VmState.ERROR);
        columns.put("task_state", null);
        columns.put("task_revision", null);
        putFault(columns, faultMessage, faultDetails);
        update(id, columns);
    }

    /** A build that failed on its host goes back to scheduling, with the host added to those tried. */
    public void unbindForReschedule(String id, List<String> triedHosts, long revision) {
        Map<String, Object> columns = unbound(triedHosts, revision);
        columns.put("task_state", VmState.SCHEDULING);
        columns.put("task_revision", null);
        update(id, columns);
    }

    /** A build that failed on its last allowed host: unbound, and ERROR with a fault. */
    public void unbindAndMarkError(String id, List<String> triedHosts, long revision, String faultMessage,
            String faultDetails) {
        Map<String, Object> columns = unbound(triedHosts, revision);
        columns.put("vm_state", VmState.ERROR);
        columns.put("task_state", null);
        columns.put("task_revision", null);
        putFault(columns, faultMessage, faultDetails);
        update(id, columns);
    }

    /** A hard reboot the controller starts by itself (the HA policy restarting a server that stopped). */
    public void requestHardReboot(String id, long revision, long rebootCounter) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("revision", revision);
        columns.put("desired_power", DesiredPower.RUNNING);
        columns.put("reboot_counter", rebootCounter);
        columns.put("reboot_hard", true);
        columns.put("task_state", VmState.REBOOTING_HARD);
        columns.put("task_revision", revision);
        update(id, columns);
    }

    /** Nova's power state sync: a server whose VM stopped without a request becomes SHUTOFF. */
    public void syncStopped(String id, long revision) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("revision", revision);
        columns.put("desired_power", DesiredPower.STOPPED);
        columns.put("vm_state", VmState.STOPPED);
        update(id, columns);
    }

    private static Map<String, Object> unbound(List<String> triedHosts, long revision) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("host_id", null);
        columns.put("tried_hosts", triedHosts);
        columns.put("revision", revision);
        return columns;
    }

    private static void putFault(Map<String, Object> columns, String message, String details) {
        String text = message == null ? "Unknown error" : message;
        columns.put("fault_code", 500);
        columns.put("fault_message", text.length() > 255 ? text.substring(0, 255) : text);
        columns.put("fault_details", details);
        columns.put("fault_at", OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Observed state only: does not touch updated_at, which follows what users see change. */
    public void recordObserved(String id, PowerState power, long appliedRevision, long appliedReboot,
            String vncHost, Integer vncPort) {
        jdbc.sql("""
                UPDATE compute_instance SET power_state = ?, observed_revision = ?, observed_reboot = ?,
                    observed_at = ?, vnc_host = ?, vnc_port = ?
                WHERE id = ?""")
                .params(power.code(), appliedRevision, appliedReboot, OffsetDateTime.now(ZoneOffset.UTC), vncHost,
                        vncPort, id)
                .update();
    }

    public Map<String, String> metadata(String id) {
        Map<String, String> metadata = new TreeMap<>();
        jdbc.sql("SELECT meta_key, meta_value FROM compute_instance_metadata WHERE instance_id = ?").param(id)
                .query(rs -> {
                    metadata.put(rs.getString("meta_key"), rs.getString("meta_value"));
                });
        return metadata;
    }

    public Map<String, Map<String, String>> metadata(Collection<String> ids) {
        Map<String, Map<String, String>> all = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            jdbc.sql("SELECT instance_id, meta_key, meta_value FROM compute_instance_metadata WHERE instance_id IN (:ids)")
                    .param("ids", chunk).query(rs -> {
                        all.computeIfAbsent(rs.getString("instance_id"), k -> new TreeMap<>())
                                .put(rs.getString("meta_key"), rs.getString("meta_value"));
                    });
        }
        return all;
    }

    public void replaceMetadata(String id, Map<String, String> metadata) {
        jdbc.sql("DELETE FROM compute_instance_metadata WHERE instance_id = ?").param(id).update();
        putMetadata(id, metadata);
    }

    public void putMetadata(String id, Map<String, String> metadata) {
        metadata.forEach((key, value) -> {
            int updated = jdbc.sql("UPDATE compute_instance_metadata SET meta_value = ? WHERE instance_id = ? AND meta_key = ?")
                    .params(value, id, key).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO compute_instance_metadata (instance_id, meta_key, meta_value) VALUES (?, ?, ?)")
                        .params(id, key, value).update();
            }
        });
    }

    public boolean deleteMetadata(String id, String key) {
        return jdbc.sql("DELETE FROM compute_instance_metadata WHERE instance_id = ? AND meta_key = ?").params(id, key)
                .update() > 0;
    }

    public List<String> tags(String id) {
        return jdbc.sql("SELECT tag FROM compute_instance_tag WHERE instance_id = ? ORDER BY tag").param(id)
                .query(String.class).list();
    }

    public Map<String, List<String>> tags(Collection<String> ids) {
        Map<String, List<String>> all = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            jdbc.sql("SELECT instance_id, tag FROM compute_instance_tag WHERE instance_id IN (:ids) ORDER BY tag")
                    .param("ids", chunk).query(rs -> {
                        all.computeIfAbsent(rs.getString("instance_id"), k -> new ArrayList<>()).add(rs.getString("tag"));
                    });
        }
        return all;
    }

    public void replaceTags(String id, Collection<String> tags) {
        jdbc.sql("DELETE FROM compute_instance_tag WHERE instance_id = ?").param(id).update();
        tags.forEach(tag -> addTag(id, tag));
    }

    public boolean addTag(String id, String tag) {
        return jdbc.sql("INSERT INTO compute_instance_tag (instance_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(id, tag).update() > 0;
    }

    public boolean deleteTag(String id, String tag) {
        return jdbc.sql("DELETE FROM compute_instance_tag WHERE instance_id = ? AND tag = ?").params(id, tag)
                .update() > 0;
    }

    /** The server group a server belongs to, if any. */
    public Optional<String> groupOf(String id) {
        return jdbc.sql("SELECT group_id FROM compute_server_group_member WHERE instance_id = ?").param(id)
                .query(String.class).optional();
    }

    public Map<String, String> groupsOf(Collection<String> ids) {
        Map<String, String> all = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            jdbc.sql("SELECT instance_id, group_id FROM compute_server_group_member WHERE instance_id IN (:ids)")
                    .param("ids", chunk).query(rs -> {
                        all.put(rs.getString("instance_id"), rs.getString("group_id"));
                    });
        }
        return all;
    }

    /**
     * Splits ids for {@code IN} lists: databases compare each row with the whole list, so a few short lists cost
     * far less than one long one.
     */
    public static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_LIST) {
            chunks.add(all.subList(i, Math.min(all.size(), i + IN_LIST)));
        }
        return chunks;
    }

    private Instance map(ResultSet rs, int row) throws SQLException {
        Integer faultCode = rs.getObject("fault_code", Integer.class);
        Instance.Fault fault = faultCode == null ? null : new Instance.Fault(faultCode, rs.getString("fault_message"),
                rs.getString("fault_details"), rs.getObject("fault_at", OffsetDateTime.class));
        String oldFlavor = rs.getString("old_flavor");
        return new Instance(
                rs.getString("id"),
                rs.getLong("seq"),
                rs.getString("project_id"),
                rs.getString("user_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("hostname"),
                rs.getString("reservation_id"),
                rs.getInt("launch_index"),
                json.readShared(rs.getString("flavor"), InstanceFlavor.class),
                oldFlavor == null ? null : json.readShared(oldFlavor, InstanceFlavor.class),
                rs.getString("migration_id"),
                rs.getString("image_id"),
                json.readShared(rs.getString("image_meta"), ImageMeta.class),
                rs.getString("key_name"),
                rs.getString("key_data"),
                rs.getString("user_data"),
                rs.getString("requested_az"),
                rs.getString("availability_zone"),
                rs.getBoolean("config_drive"),
                rs.getString("access_ip_v4"),
                rs.getString("access_ip_v6"),
                DesiredPower.valueOf(rs.getString("desired_power")),
                rs.getLong("reboot_counter"),
                rs.getBoolean("reboot_hard"),
                rs.getLong("rebuild_counter"),
                rs.getLong("revision"),
                rs.getObject("task_revision", Long.class),
                rs.getString("host_id"),
                rs.getInt("build_attempts"),
                json.stringList(rs.getString("tried_hosts")),
                new LinkedHashMap<>(json.objectMap(rs.getString("scheduler_hints"))),
                rs.getString("vm_state"),
                rs.getString("task_state"),
                PowerState.ofCode(rs.getInt("power_state")),
                rs.getLong("observed_revision"),
                rs.getLong("observed_reboot"),
                rs.getObject("observed_at", OffsetDateTime.class),
                rs.getString("vnc_host"),
                rs.getObject("vnc_port", Integer.class),
                fault,
                rs.getString("locked_by"),
                rs.getString("locked_reason"),
                rs.getObject("launched_at", OffsetDateTime.class),
                rs.getObject("terminated_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("deleted_at", OffsetDateTime.class));
    }
}
