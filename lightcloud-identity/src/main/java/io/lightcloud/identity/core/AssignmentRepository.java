package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.core.Assignment.ActorType;
import io.lightcloud.identity.core.Assignment.TargetType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AssignmentRepository {
    private final JdbcClient jdbc;

    public AssignmentRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** Grants the assignment; granting it again changes nothing, as Keystone's PUT does. */
    public void add(Assignment a) {
        jdbc.sql("""
                INSERT INTO identity_assignment (actor_type, actor_id, target_type, target_id, role_id, inherited)
                SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (
                    SELECT 1 FROM identity_assignment WHERE actor_type = ? AND actor_id = ? AND target_type = ?
                        AND target_id = ? AND role_id = ? AND inherited = ?)""")
                .params(a.actorType().column(), a.actorId(), a.targetType().column(), a.targetId(), a.roleId(),
                        a.inherited(), a.actorType().column(), a.actorId(), a.targetType().column(), a.targetId(),
                        a.roleId(), a.inherited())
                .update();
    }

    public boolean exists(Assignment a) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM identity_assignment WHERE actor_type = ? AND actor_id = ? AND target_type = ?
                    AND target_id = ? AND role_id = ? AND inherited = ?""")
                .params(a.actorType().column(), a.actorId(), a.targetType().column(), a.targetId(), a.roleId(),
                        a.inherited())
                .query(Long.class).single() > 0;
    }

    public boolean remove(Assignment a) {
        return jdbc.sql("""
                DELETE FROM identity_assignment WHERE actor_type = ? AND actor_id = ? AND target_type = ?
                    AND target_id = ? AND role_id = ? AND inherited = ?""")
                .params(a.actorType().column(), a.actorId(), a.targetType().column(), a.targetId(), a.roleId(),
                        a.inherited())
                .update() > 0;
    }

    public List<Assignment> list() {
        return jdbc.sql("SELECT * FROM identity_assignment").query(AssignmentRepository::map).list();
    }

    /** Every assignment held by the given user or any of the given groups. */
    public List<Assignment> forActors(String userId, Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return jdbc.sql("SELECT * FROM identity_assignment WHERE actor_type = 'user' AND actor_id = ?")
                    .param(userId).query(AssignmentRepository::map).list();
        }
        return jdbc.sql("""
                SELECT * FROM identity_assignment
                WHERE (actor_type = 'user' AND actor_id = :user) OR (actor_type = 'group' AND actor_id IN (:groups))""")
                .param("user", userId).param("groups", groupIds).query(AssignmentRepository::map).list();
    }

    public List<Assignment> forTargetAndActor(TargetType targetType, String targetId, ActorType actorType,
            String actorId) {
        return jdbc.sql("""
                SELECT * FROM identity_assignment
                WHERE target_type = ? AND target_id = ? AND actor_type = ? AND actor_id = ? AND inherited = FALSE""")
                .params(targetType.column(), targetId, actorType.column(), actorId)
                .query(AssignmentRepository::map).list();
    }

    public void deleteByActor(ActorType type, String actorId) {
        jdbc.sql("DELETE FROM identity_assignment WHERE actor_type = ? AND actor_id = ?")
                .params(type.column(), actorId).update();
    }

    public void deleteByTarget(TargetType type, String targetId) {
        jdbc.sql("DELETE FROM identity_assignment WHERE target_type = ? AND target_id = ?")
                .params(type.column(), targetId).update();
    }

    private static Assignment map(ResultSet rs, int row) throws SQLException {
        return new Assignment(ActorType.ofColumn(rs.getString("actor_type")), rs.getString("actor_id"),
                TargetType.ofColumn(rs.getString("target_type")), rs.getString("target_id"), rs.getString("role_id"),
                rs.getBoolean("inherited"));
    }
}
