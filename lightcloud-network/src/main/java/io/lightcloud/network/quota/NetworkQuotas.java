package io.lightcloud.network.quota;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.NetworkProperties;
import io.lightcloud.network.api.NeutronFaults;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Neutron's quotas. Usage is counted from the resources themselves, so it can never drift; a check locks the
 * project's row in {@code net_quota_lock} first, so concurrent creates in one project count one after the other and
 * a limit is never overshot. Runs inside the creating transaction.
 */
@Component
public class NetworkQuotas {
    /** Resource name to the table that holds it. */
    private static final Map<String, String> TABLES = Collections.unmodifiableMap(orderedTables());

    private final JdbcClient jdbc;
    private final Map<String, Long> defaults;

    public NetworkQuotas(JdbcClient jdbc, NetworkProperties properties) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        NetworkProperties.Quota quota = properties.quota();
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("network", quota.network());
        values.put("subnet", quota.subnet());
        values.put("port", quota.port());
        values.put("router", quota.router());
        values.put("floatingip", quota.floatingip());
        values.put("security_group", quota.securityGroup());
        values.put("security_group_rule", quota.securityGroupRule());
        this.defaults = Collections.unmodifiableMap(values);
    }

    public List<String> resources() {
        return List.copyOf(TABLES.keySet());
    }

    /**
     * Checks that {@code count} more of {@code resource} fit the project's quota.
     *
     * @throws io.lightcloud.common.api.ApiException 409 {@code OverQuota} when they do not
     */
    public void check(String projectId, String resource, long count) {
        jdbc.sql("INSERT INTO net_quota_lock (project_id) VALUES (?) ON CONFLICT DO NOTHING").param(projectId).update();
        jdbc.sql("SELECT project_id FROM net_quota_lock WHERE project_id = ? FOR UPDATE").param(projectId)
                .query(String.class).list();
        long limit = limit(projectId, resource);
        if (limit >= 0 && used(projectId, resource) + count > limit) {
            throw NeutronFaults.overQuota(resource);
        }
    }

    public long limit(String projectId, String resource) {
        return set(projectId, resource).orElse(defaults.get(resource));
    }

    public Map<String, Long> limits(String projectId) {
        Map<String, Long> limits = new LinkedHashMap<>();
        TABLES.keySet().forEach(resource -> limits.put(resource, limit(projectId, resource)));
        return limits;
    }

    public Map<String, Long> defaults() {
        return defaults;
    }

    public long used(String projectId, String resource) {
        return jdbc.sql("SELECT COUNT(*) FROM " + TABLES.get(resource) + " WHERE project_id = ?").param(projectId)
                .query(Long.class).single();
    }

    /** The projects that have a limit of their own. */
    public List<String> projectsWithLimits() {
        return jdbc.sql("SELECT DISTINCT project_id FROM net_quota_limit ORDER BY project_id").query(String.class)
                .list();
    }

    public void setLimit(String projectId, String resource, long limit) {
        jdbc.sql("INSERT INTO net_quota_limit (project_id, resource, hard_limit) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(projectId, resource, limit).update();
        jdbc.sql("UPDATE net_quota_limit SET hard_limit = ? WHERE project_id = ? AND resource = ?")
                .params(limit, projectId, resource).update();
    }

    public void resetLimits(String projectId) {
        jdbc.sql("DELETE FROM net_quota_limit WHERE project_id = ?").param(projectId).update();
    }

    private Optional<Long> set(String projectId, String resource) {
        return jdbc.sql("SELECT hard_limit FROM net_quota_limit WHERE project_id = ? AND resource = ?")
                .params(projectId, resource).query(Long.class).optional();
    }

    private static Map<String, String> orderedTables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("network", "net_network");
        tables.put("subnet", "net_subnet");
        tables.put("port", "net_port");
        tables.put("router", "net_router");
        tables.put("floatingip", "net_floatingip");
        tables.put("security_group", "net_security_group");
        tables.put("security_group_rule", "net_security_group_rule");
        return tables;
    }
}
