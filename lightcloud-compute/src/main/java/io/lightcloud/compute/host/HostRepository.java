package io.lightcloud.compute.host;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class HostRepository {
    /** The zone an aggregate puts a host in, if it is in a zoned aggregate (Nova allows only one zone per host). */
    private static final String AGGREGATE_ZONE = """
            (SELECT MIN(m.meta_value) FROM compute_aggregate_host ah
             JOIN compute_aggregate_metadata m ON m.aggregate_id = ah.aggregate_id AND m.meta_key = 'availability_zone'
             WHERE ah.host_id = compute_host.id)""";

    private final JdbcClient jdbc;

    public HostRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<ComputeHost> find(String id) {
        return jdbc.sql("SELECT * FROM compute_host WHERE id = ?").param(id).query(HostRepository::map).optional();
    }

    public Optional<ComputeHost> findByHostname(String hostname) {
        return jdbc.sql("SELECT * FROM compute_host WHERE hostname = ?").param(hostname).query(HostRepository::map)
                .optional();
    }

    public Optional<ComputeHost> findBySeq(long seq) {
        return jdbc.sql("SELECT * FROM compute_host WHERE seq = ?").param(seq).query(HostRepository::map).optional();
    }

    public Optional<ComputeHost> findByServiceId(String serviceId) {
        return jdbc.sql("SELECT * FROM compute_host WHERE service_id = ?").param(serviceId)
                .query(HostRepository::map).optional();
    }

    public List<ComputeHost> list() {
        return jdbc.sql("SELECT * FROM compute_host ORDER BY seq").query(HostRepository::map).list();
    }

    public List<ComputeHost> listRegistered() {
        return jdbc.sql("SELECT * FROM compute_host WHERE registered_at IS NOT NULL ORDER BY seq")
                .query(HostRepository::map).list();
    }

    /** A host's name and stored credential hash, read in one query for every agent request. */
    public record StoredCredential(String hostname, String hash) {
    }

    public Optional<StoredCredential> credential(String id) {
        return jdbc.sql("SELECT hostname, credential_hash FROM compute_host WHERE id = ?").param(id)
                .query((rs, row) -> new StoredCredential(rs.getString("hostname"), rs.getString("credential_hash")))
                .optional();
    }

    public void insert(String id, String serviceId, String hostname, String credentialHash, String availabilityZone) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                INSERT INTO compute_host (id, service_id, hostname, credential_hash, availability_zone,
                    home_availability_zone, enabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)""")
                .params(id, serviceId, hostname, credentialHash, availabilityZone, availabilityZone, now, now).update();
    }

    public void setCredentialHash(String id, String hash) {
        jdbc.sql("UPDATE compute_host SET credential_hash = ?, updated_at = ? WHERE id = ?")
                .params(hash, OffsetDateTime.now(ZoneOffset.UTC), id).update();
    }

    /**
     * Records the facts an agent registered; a registration is also a heartbeat. A zone the agent names becomes the
     * host's own zone; a zoned aggregate the host is in still decides the zone in effect.
     */
    public void register(String id, HostFacts facts) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                UPDATE compute_host SET registered_at = COALESCE(registered_at, ?), vcpus = ?, memory_mb = ?,
                    disk_gb = ?, cpu_arch = ?, cpu_info = ?, hypervisor_type = ?, hypervisor_version = ?, host_ip = ?,
                    agent_version = ?, home_availability_zone = COALESCE(?, home_availability_zone, availability_zone),
                    availability_zone = COALESCE(%s, ?, availability_zone),
                    last_heartbeat_at = ?, updated_at = ?
                WHERE id = ?""".formatted(AGGREGATE_ZONE))
                .params(now, facts.vcpus(), facts.memoryMb(), facts.diskGb(), facts.cpuArch(), facts.cpuInfo(),
                        facts.hypervisorType(), facts.hypervisorVersion(), facts.hostIp(), facts.agentVersion(),
                        facts.availabilityZone(), facts.availabilityZone(), now, now, id)
                .update();
    }

    /** Records a heartbeat and what the agent reports about its resources; says whether the host was down. */
    public boolean heartbeat(String id, HostStatusReport report) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean wasDown = jdbc.sql("SELECT reported_down FROM compute_host WHERE id = ?").param(id)
                .query(Boolean.class).optional().orElse(false);
        jdbc.sql("""
                UPDATE compute_host SET last_heartbeat_at = ?, reported_down = FALSE,
                    uptime = COALESCE(?, uptime), free_memory_mb = COALESCE(?, free_memory_mb),
                    free_disk_gb = COALESCE(?, free_disk_gb), running_vms = COALESCE(?, running_vms)
                WHERE id = ?""")
                .params(now, report.uptime(), report.freeMemoryMb(), report.freeDiskGb(), report.runningVms(), id)
                .update();
        return wasDown;
    }

    /** Marks a host whose heartbeat is older than {@code cutoff} as reported down, once across controllers. */
    public boolean markDown(String id, OffsetDateTime cutoff) {
        return jdbc.sql("""
                UPDATE compute_host SET reported_down = TRUE
                WHERE id = ? AND reported_down = FALSE AND last_heartbeat_at < ?""").params(id, cutoff).update() > 0;
    }

    public void setService(String id, boolean enabled, String disabledReason, Boolean forcedDown) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                UPDATE compute_host SET enabled = ?, disabled_reason = ?, forced_down = COALESCE(?, forced_down),
                    updated_at = ?, changed_at = ?
                WHERE id = ?""")
                .params(enabled, disabledReason, forcedDown, now, now, id).update();
    }

    /**
     * Sets the host's zone in effect from its aggregates, or its own zone when no zoned aggregate holds it, and marks
     * the host changed so that every controller's scheduler sees the new zone; true if the zone changed.
     */
    public boolean refreshZone(String id) {
        String zone = "COALESCE(" + AGGREGATE_ZONE + ", home_availability_zone, availability_zone)";
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return jdbc.sql("UPDATE compute_host SET availability_zone = " + zone + ", updated_at = ?, changed_at = ?"
                + " WHERE id = ? AND availability_zone <> " + zone).params(now, now, id).update() > 0;
    }

    /** The servers on the host that are not deleted. */
    public long liveInstanceCount(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM compute_instance WHERE host_id = ? AND deleted_at IS NULL").param(id)
                .query(Long.class).single();
    }

    public long desiredGeneration(String id) {
        return jdbc.sql("SELECT desired_generation FROM compute_host WHERE id = ?").param(id).query(Long.class)
                .optional().orElse(0L);
    }

    /** Tells the host's agent that its desired state changed; runs in the transaction that changed it. */
    public void bumpDesiredGeneration(String id) {
        jdbc.sql("UPDATE compute_host SET desired_generation = desired_generation + 1 WHERE id = ?").param(id)
                .update();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM compute_host WHERE id = ?").param(id).update() > 0;
    }

    static ComputeHost map(ResultSet rs, int row) throws SQLException {
        return new ComputeHost(rs.getString("id"), rs.getLong("seq"), rs.getString("service_id"),
                rs.getString("hostname"), rs.getObject("registered_at", OffsetDateTime.class), rs.getInt("vcpus"),
                rs.getLong("memory_mb"), rs.getLong("disk_gb"), rs.getString("cpu_arch"), rs.getString("cpu_info"),
                rs.getString("hypervisor_type"), rs.getLong("hypervisor_version"), rs.getString("host_ip"),
                rs.getString("agent_version"), rs.getString("availability_zone"), rs.getBoolean("enabled"),
                rs.getString("disabled_reason"), rs.getBoolean("forced_down"),
                rs.getObject("last_heartbeat_at", OffsetDateTime.class), rs.getString("uptime"),
                rs.getObject("free_memory_mb", Long.class), rs.getObject("free_disk_gb", Long.class),
                rs.getInt("running_vms"), rs.getLong("generation"), rs.getLong("desired_generation"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
