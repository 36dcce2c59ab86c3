package io.lightcloud.compute.servergroup;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ServerGroupRepository {
    private final JdbcClient jdbc;

    public ServerGroupRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<ServerGroup> find(String id) {
        return jdbc.sql("SELECT * FROM compute_server_group WHERE id = ?").param(id).query(ServerGroupRepository::map)
                .optional();
    }

    /** Reads and row-locks a group: scheduling decisions for its members serialize on it. */
    public Optional<ServerGroup> lock(String id) {
        return jdbc.sql("SELECT * FROM compute_server_group WHERE id = ? FOR UPDATE").param(id)
                .query(ServerGroupRepository::map).optional();
    }

    public List<ServerGroup> list(String projectId) {
        if (projectId == null) {
            return jdbc.sql("SELECT * FROM compute_server_group ORDER BY created_at, id")
                    .query(ServerGroupRepository::map).list();
        }
        return jdbc.sql("SELECT * FROM compute_server_group WHERE project_id = ? ORDER BY created_at, id")
                .param(projectId).query(ServerGroupRepository::map).list();
    }

    public void insert(ServerGroup g) {
        jdbc.sql("""
                INSERT INTO compute_server_group (id, name, project_id, user_id, policy, max_server_per_host, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(g.id(), g.name(), g.projectId(), g.userId(), g.policy(), g.maxServerPerHost(),
                        OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM compute_server_group WHERE id = ?").param(id).update() > 0;
    }

    public void addMember(String groupId, String instanceId) {
        jdbc.sql("INSERT INTO compute_server_group_member (group_id, instance_id) VALUES (?, ?)")
                .params(groupId, instanceId).update();
    }

    public void removeMember(String instanceId) {
        jdbc.sql("DELETE FROM compute_server_group_member WHERE instance_id = ?").param(instanceId).update();
    }

    /** Live members of the group, for the API view. */
    public List<String> members(String groupId) {
        return jdbc.sql("""
                SELECT m.instance_id FROM compute_server_group_member m JOIN compute_instance i ON i.id = m.instance_id
                WHERE m.group_id = ? AND i.deleted_at IS NULL ORDER BY i.created_at, i.id""")
                .param(groupId).query(String.class).list();
    }

    /** Where the group's other live members run: host id to the number of members there. */
    public Map<String, Integer> memberHosts(String groupId, String excludedInstance) {
        Map<String, Integer> hosts = new HashMap<>();
        jdbc.sql("""
                SELECT i.host_id, COUNT(*) AS members FROM compute_server_group_member m
                JOIN compute_instance i ON i.id = m.instance_id
                WHERE m.group_id = ? AND i.deleted_at IS NULL AND i.host_id IS NOT NULL AND i.id <> ?
                GROUP BY i.host_id""").params(groupId, excludedInstance).query(rs -> {
                    hosts.put(rs.getString("host_id"), rs.getInt("members"));
                });
        return hosts;
    }

    private static ServerGroup map(ResultSet rs, int row) throws SQLException {
        return new ServerGroup(rs.getString("id"), rs.getString("name"), rs.getString("project_id"),
                rs.getString("user_id"), rs.getString("policy"), rs.getObject("max_server_per_host", Integer.class));
    }
}
