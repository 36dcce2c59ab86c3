package io.lightcloud.server.usage;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.usage.MeteredResource;
import io.lightcloud.compute.usage.MeteredResourceSource;
import io.lightcloud.compute.usage.ResourceKind;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Images for the usage ledger: GB stored, billed to the owning project once the upload is complete. */
@Component
public class ImageUsageSource implements MeteredResourceSource {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final JdbcClient jdbc;

    public ImageUsageSource(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.IMAGE;
    }

    @Override
    public List<MeteredResource> current() {
        return jdbc.sql("""
                SELECT id, owner, disk_format, size, created_at FROM image_image
                WHERE owner IS NOT NULL AND status IN ('active', 'deactivated') AND size IS NOT NULL""")
                .query((rs, n) -> new MeteredResource(ResourceKind.IMAGE, rs.getString("id"), rs.getString("owner"),
                        null, rs.getString("disk_format"), rs.getLong("size") / GIB,
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
