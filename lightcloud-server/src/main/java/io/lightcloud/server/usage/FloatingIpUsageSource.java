package io.lightcloud.server.usage;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.usage.MeteredResource;
import io.lightcloud.compute.usage.MeteredResourceSource;
import io.lightcloud.compute.usage.ResourceKind;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Floating IPs for the usage ledger: billed by the hour while allocated to a project, associated or not. */
@Component
public class FloatingIpUsageSource implements MeteredResourceSource {
    private final JdbcClient jdbc;

    public FloatingIpUsageSource(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.FLOATING_IP;
    }

    @Override
    public List<MeteredResource> current() {
        return jdbc.sql("SELECT id, project_id, floating_ip_address, created_at FROM net_floatingip")
                .query((rs, n) -> new MeteredResource(ResourceKind.FLOATING_IP, rs.getString("id"),
                        rs.getString("project_id"), null, rs.getString("floating_ip_address"), 0,
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
