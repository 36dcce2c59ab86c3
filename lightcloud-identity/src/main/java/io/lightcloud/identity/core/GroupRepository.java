package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class GroupRepository {
    private final JdbcClient jdbc;

    public GroupRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public Optional<Group> find(String id) {
        return jdbc.sql("SELECT * FROM identity_group WHERE id = ?").param(id).query(GroupRepository::map).optional();
    }

    public List<Group> list() {
        return jdbc.sql("SELECT * FROM identity_group ORDER BY name, id").query(GroupRepository::map).list();
    }

    public List<Group> listForUser(String userId) {
        return jdbc.sql("""
                SELECT g.* FROM identity_group g JOIN identity_group_member m ON m.group_id = g.id
                WHERE m.user_id = ? ORDER BY g.name, g.id""").param(userId).query(GroupRepository::map).list();
    }

    public List<String> groupIdsOfUser(String userId) {
        return jdbc.sql("SELECT group_id FROM identity_group_member WHERE user_id = ?").param(userId)
                .query(String.class).list();
    }

    public List<String> memberIds(String groupId) {
        return jdbc.sql("SELECT user_id FROM identity_group_member WHERE group_id = ?").param(groupId)
                .query(String.class).list();
    }

    public void insert(Group g) {
        jdbc.sql("INSERT INTO identity_group (id, name, domain_id, description, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(g.id(), g.name(), g.domainId(), g.description(), OffsetDateTime.now(ZoneOffset.UTC)).update();
    }

    public void update(Group g) {
        jdbc.sql("UPDATE identity_group SET name = ?, description = ? WHERE id = ?")
                .params(g.name(), g.description(), g.id()).update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM identity_group WHERE id = ?").param(id).update();
    }

    public void addMember(String groupId, String userId) {
        try {
            jdbc.sql("INSERT INTO identity_group_member (group_id, user_id) VALUES (?, ?)").params(groupId, userId)
                    .update();
        } catch (DuplicateKeyException alreadyMember) {
            // PUT is idempotent: adding a member twice leaves one membership.
        }
    }

    public boolean isMember(String groupId, String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM identity_group_member WHERE group_id = ? AND user_id = ?")
                .params(groupId, userId).query(Long.class).single() > 0;
    }

    public boolean removeMember(String groupId, String userId) {
        return jdbc.sql("DELETE FROM identity_group_member WHERE group_id = ? AND user_id = ?").params(groupId, userId)
                .update() > 0;
    }

    private static Group map(ResultSet rs, int row) throws SQLException {
        return new Group(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"),
                rs.getString("description"));
    }
}
