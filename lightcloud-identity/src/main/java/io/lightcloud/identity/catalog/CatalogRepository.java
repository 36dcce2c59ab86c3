package io.lightcloud.identity.catalog;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The registered part of the catalog: regions, services and endpoints admins added. */
@Repository
public class CatalogRepository {
    private final JdbcClient jdbc;

    public CatalogRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public List<CatalogRegion> regions() {
        return jdbc.sql("SELECT id, description, parent_region_id FROM identity_region ORDER BY id")
                .query((rs, row) -> new CatalogRegion(rs.getString("id"), rs.getString("description"),
                        rs.getString("parent_region_id"))).list();
    }

    public Optional<CatalogRegion> region(String id) {
        return regions().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public void insertRegion(CatalogRegion region) {
        jdbc.sql("INSERT INTO identity_region (id, description, parent_region_id, created_at) VALUES (?, ?, ?, ?)")
                .params(region.id(), region.description(), region.parentRegionId(), now()).update();
    }

    public void updateRegion(CatalogRegion region) {
        jdbc.sql("UPDATE identity_region SET description = ?, parent_region_id = ? WHERE id = ?")
                .params(region.description(), region.parentRegionId(), region.id()).update();
    }

    public void deleteRegion(String id) {
        jdbc.sql("DELETE FROM identity_region WHERE id = ?").param(id).update();
    }

    public List<RegisteredService> services() {
        return jdbc.sql("SELECT id, type, name, description, enabled FROM identity_service ORDER BY created_at, id")
                .query((rs, row) -> new RegisteredService(rs.getString("id"), rs.getString("type"),
                        rs.getString("name"), rs.getString("description"), rs.getBoolean("enabled"))).list();
    }

    public Optional<RegisteredService> service(String id) {
        return jdbc.sql("SELECT id, type, name, description, enabled FROM identity_service WHERE id = ?").param(id)
                .query((rs, row) -> new RegisteredService(rs.getString("id"), rs.getString("type"),
                        rs.getString("name"), rs.getString("description"), rs.getBoolean("enabled"))).optional();
    }

    public void insertService(RegisteredService s) {
        jdbc.sql("INSERT INTO identity_service (id, type, name, description, enabled, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)").params(s.id(), s.type(), s.name(), s.description(), s.enabled(), now())
                .update();
    }

    public void updateService(RegisteredService s) {
        jdbc.sql("UPDATE identity_service SET type = ?, name = ?, description = ?, enabled = ? WHERE id = ?")
                .params(s.type(), s.name(), s.description(), s.enabled(), s.id()).update();
    }

    /** Deletes the service and, as Keystone, its endpoints. */
    public void deleteService(String id) {
        jdbc.sql("DELETE FROM identity_endpoint WHERE service_id = ?").param(id).update();
        jdbc.sql("DELETE FROM identity_service WHERE id = ?").param(id).update();
    }

    public List<RegisteredEndpoint> endpoints() {
        return jdbc.sql("SELECT id, service_id, interface, region_id, url, enabled FROM identity_endpoint "
                + "ORDER BY created_at, id").query((rs, row) -> new RegisteredEndpoint(rs.getString("id"),
                        rs.getString("service_id"), rs.getString("interface"), rs.getString("region_id"),
                        rs.getString("url"), rs.getBoolean("enabled"))).list();
    }

    public Optional<RegisteredEndpoint> endpoint(String id) {
        return endpoints().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public void insertEndpoint(RegisteredEndpoint e) {
        jdbc.sql("INSERT INTO identity_endpoint (id, service_id, interface, region_id, url, enabled, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)").params(e.id(), e.serviceId(), e.iface(), e.regionId(), e.url(),
                        e.enabled(), now()).update();
    }

    public void updateEndpoint(RegisteredEndpoint e) {
        jdbc.sql("UPDATE identity_endpoint SET service_id = ?, interface = ?, region_id = ?, url = ?, enabled = ? "
                + "WHERE id = ?").params(e.serviceId(), e.iface(), e.regionId(), e.url(), e.enabled(), e.id())
                .update();
    }

    public void deleteEndpoint(String id) {
        jdbc.sql("DELETE FROM identity_endpoint WHERE id = ?").param(id).update();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
