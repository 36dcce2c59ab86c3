package io.lightcloud.server.usage;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.usage.MeteredResource;
import io.lightcloud.compute.usage.MeteredResourceSource;
import io.lightcloud.compute.usage.ResourceKind;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Volumes for the usage ledger: GB by volume type name; a volume in {@code error} holds no space and is not billed. */
@Component
public class VolumeUsageSource implements MeteredResourceSource {
    private final JdbcClient jdbc;

    public VolumeUsageSource(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.VOLUME;
    }

    @Override
    public List<MeteredResource> current() {
        return jdbc.sql("""
                SELECT v.id, v.project_id, v.user_id, t.name AS type_name, v.size_gb, v.created_at
                FROM volume_volume v JOIN volume_type t ON t.id = v.type_id WHERE v.status <> 'error'""")
                .query((rs, n) -> new MeteredResource(ResourceKind.VOLUME, rs.getString("id"),
                        rs.getString("project_id"), rs.getString("user_id"), rs.getString("type_name"),
                        rs.getLong("size_gb"), rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
