package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Security groups and their rules. */
@Repository
public class SecurityGroupRepository {
    private final JdbcClient jdbc;

    public SecurityGroupRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(SecurityGroup g) {
        jdbc.sql("""
                INSERT INTO net_security_group (id, project_id, name, description, stateful, default_for,
                  revision_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(g.id(), g.projectId(), g.name(), g.description(), g.stateful(),
                        g.isDefault() ? g.projectId() : null, g.revisionNumber(), Timestamp.from(g.createdAt()),
                        Timestamp.from(g.updatedAt()))
                .update();
    }

    public void update(SecurityGroup g) {
        jdbc.sql("UPDATE net_security_group SET name = ?, description = ?, stateful = ?, revision_number = ?,"
                + " updated_at = ? WHERE id = ?")
                .params(g.name(), g.description(), g.stateful(), g.revisionNumber(), Timestamp.from(g.updatedAt()),
                        g.id())
                .update();
    }

    public Optional<SecurityGroup> find(String id) {
        return jdbc.sql("SELECT * FROM net_security_group WHERE id = ?").param(id)
                .query(SecurityGroupRepository::group).optional();
    }

    public Optional<SecurityGroup> defaultOf(String projectId) {
        return jdbc.sql("SELECT * FROM net_security_group WHERE default_for = ?").param(projectId)
                .query(SecurityGroupRepository::group).optional();
    }

    public List<SecurityGroup> all() {
        return jdbc.sql("SELECT * FROM net_security_group ORDER BY created_at, id")
                .query(SecurityGroupRepository::group).list();
    }

    public List<SecurityGroup> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM net_security_group WHERE id IN (:ids) ORDER BY id").param("ids", ids)
                .query(SecurityGroupRepository::group).list();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM net_security_group WHERE id = ?").param(id).update();
    }


    public void insertRule(SecurityGroupRule r) {
        jdbc.sql("""
                INSERT INTO net_security_group_rule (id, security_group_id, project_id, direction, ethertype, protocol,
                  port_range_min, port_range_max, remote_ip_prefix, remote_group_id, description, signature,
                  revision_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.id(), r.securityGroupId(), r.projectId(), r.direction(), r.ethertype(), r.protocol(),
                        r.portRangeMin(), r.portRangeMax(), r.remoteIpPrefix(), r.remoteGroupId(), r.description(),
                        r.signature(), r.revisionNumber(), Timestamp.from(r.createdAt()), Timestamp.from(r.updatedAt()))
                .update();
    }

    public Optional<SecurityGroupRule> findRule(String id) {
        return jdbc.sql("SELECT * FROM net_security_group_rule WHERE id = ?").param(id)
                .query(SecurityGroupRepository::rule).optional();
    }

    public Optional<SecurityGroupRule> findRuleBySignature(String groupId, String signature) {
        return jdbc.sql("SELECT * FROM net_security_group_rule WHERE security_group_id = ? AND signature = ?")
                .params(groupId, signature).query(SecurityGroupRepository::rule).optional();
    }

    public List<SecurityGroupRule> rules() {
        return jdbc.sql("SELECT * FROM net_security_group_rule ORDER BY created_at, id")
                .query(SecurityGroupRepository::rule).list();
    }

    public List<SecurityGroupRule> rules(Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM net_security_group_rule WHERE security_group_id IN (:ids) ORDER BY created_at, id")
                .param("ids", groupIds).query(SecurityGroupRepository::rule).list();
    }

    public void deleteRule(String id) {
        jdbc.sql("DELETE FROM net_security_group_rule WHERE id = ?").param(id).update();
    }

    private static SecurityGroup group(ResultSet rs, int row) throws SQLException {
        return new SecurityGroup(rs.getString("id"), rs.getString("project_id"), rs.getString("name"),
                rs.getString("description"), rs.getBoolean("stateful"), rs.getString("default_for") != null,
                rs.getLong("revision_number"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static SecurityGroupRule rule(ResultSet rs, int row) throws SQLException {
        return new SecurityGroupRule(rs.getString("id"), rs.getString("security_group_id"),
                rs.getString("project_id"), rs.getString("direction"), rs.getString("ethertype"),
                rs.getString("protocol"), integer(rs, "port_range_min"), integer(rs, "port_range_max"),
                rs.getString("remote_ip_prefix"), rs.getString("remote_group_id"), rs.getString("description"),
                rs.getLong("revision_number"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
