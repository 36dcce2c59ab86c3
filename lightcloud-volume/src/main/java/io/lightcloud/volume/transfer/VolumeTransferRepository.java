package io.lightcloud.volume.transfer;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class VolumeTransferRepository {
    private final JdbcClient jdbc;

    public VolumeTransferRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public void insert(VolumeTransfer transfer, TransferKey.Hashed key) {
        jdbc.sql("""
                INSERT INTO volume_transfer (id, volume_id, source_project_id, name, no_snapshots, salt, key_hash,
                    created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(transfer.id(), transfer.volumeId(), transfer.sourceProjectId(), transfer.name(),
                        transfer.noSnapshots(), key.salt(), key.hash(), transfer.createdAt())
                .update();
    }

    public Optional<VolumeTransfer> find(String id) {
        return jdbc.sql("SELECT * FROM volume_transfer WHERE id = ?").param(id).query(VolumeTransferRepository::map)
                .optional();
    }

    /** The transfer and its key's hash, locked until the transaction ends so that only one accept can win. */
    public Optional<Locked> lock(String id) {
        return jdbc.sql("SELECT * FROM volume_transfer WHERE id = ? FOR UPDATE").param(id)
                .query((rs, row) -> new Locked(map(rs, row), new TransferKey.Hashed(rs.getString("salt"),
                        rs.getString("key_hash"))))
                .optional();
    }

    public record Locked(VolumeTransfer transfer, TransferKey.Hashed key) {
    }

    /** The transfers offered by one project, or by every project when {@code projectId} is null. */
    public List<VolumeTransfer> list(String projectId) {
        return projectId == null
                ? jdbc.sql("SELECT * FROM volume_transfer ORDER BY created_at, id").query(VolumeTransferRepository::map)
                        .list()
                : jdbc.sql("SELECT * FROM volume_transfer WHERE source_project_id = ? ORDER BY created_at, id")
                        .param(projectId).query(VolumeTransferRepository::map).list();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM volume_transfer WHERE id = ?").param(id).update();
    }

    private static VolumeTransfer map(ResultSet rs, int row) throws SQLException {
        return new VolumeTransfer(rs.getString("id"), rs.getString("volume_id"), rs.getString("source_project_id"),
                rs.getString("name"), rs.getBoolean("no_snapshots"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
