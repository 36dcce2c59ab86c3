package io.lightcloud.image.core;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Image members; the primary key (image, member) makes a second add of the same member fail in the database. */
@Repository
public class ImageMemberRepository {
    private final JdbcClient jdbc;

    public ImageMemberRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the project already is a member */
    public void insert(ImageMember member) {
        jdbc.sql("INSERT INTO image_member (image_id, member_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(member.imageId(), member.memberId(), member.status().wireName(), utc(member.createdAt()),
                        utc(member.updatedAt()))
                .update();
    }

    public Optional<ImageMember> find(String imageId, String memberId) {
        return jdbc.sql("SELECT * FROM image_member WHERE image_id = ? AND member_id = ?").params(imageId, memberId)
                .query(ImageMemberRepository::map).optional();
    }

    public List<ImageMember> list(String imageId) {
        return jdbc.sql("SELECT * FROM image_member WHERE image_id = ? ORDER BY created_at, member_id").param(imageId)
                .query(ImageMemberRepository::map).list();
    }

    public long count(String imageId) {
        return jdbc.sql("SELECT COUNT(*) FROM image_member WHERE image_id = ?").param(imageId).query(Long.class)
                .single();
    }

    /** The status of every share a project has, by image id. */
    public Map<String, MemberStatus> statusesOf(String memberId) {
        return jdbc.sql("SELECT image_id, status FROM image_member WHERE member_id = ?").param(memberId)
                .query((rs, row) -> Map.entry(rs.getString("image_id"),
                        MemberStatus.fromWire(rs.getString("status")).orElseThrow()))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public boolean updateStatus(String imageId, String memberId, MemberStatus status, Instant now) {
        return jdbc.sql("UPDATE image_member SET status = ?, updated_at = ? WHERE image_id = ? AND member_id = ?")
                .params(status.wireName(), utc(now), imageId, memberId).update() == 1;
    }

    public boolean delete(String imageId, String memberId) {
        return jdbc.sql("DELETE FROM image_member WHERE image_id = ? AND member_id = ?").params(imageId, memberId)
                .update() == 1;
    }

    private static ImageMember map(ResultSet rs, int row) throws SQLException {
        return new ImageMember(rs.getString("image_id"), rs.getString("member_id"),
                MemberStatus.fromWire(rs.getString("status")).orElseThrow(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
