package io.lightcloud.loadtest.plan;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Plans, per project. */
@Repository
public class PlanRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public PlanRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public Plan create(String id, String projectId, String name, String sourceKind, String scenario,
            List<String> notes, List<String> thresholds) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO loadtest_plan (id, project_id, name, source_kind, scenario, notes, thresholds, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, projectId, name, sourceKind, scenario, mapper.writeValueAsString(notes),
                        mapper.writeValueAsString(thresholds), now).update();
        return new Plan(id, projectId, name, sourceKind, scenario, notes, thresholds, now);
    }

    public Optional<Plan> find(String id) {
        return jdbc.sql("SELECT * FROM loadtest_plan WHERE id = ?").param(id).query(this::plan).optional();
    }

    /** Plans of {@code projectId}, or of every project when it is null (the admin's view). */
    public List<Plan> list(String projectId) {
        return projectId == null
                ? jdbc.sql("SELECT * FROM loadtest_plan ORDER BY created_at DESC, id").query(this::plan).list()
                : jdbc.sql("SELECT * FROM loadtest_plan WHERE project_id = ? ORDER BY created_at DESC, id")
                        .param(projectId).query(this::plan).list();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM loadtest_plan WHERE id = ?").param(id).update() > 0;
    }

    private Plan plan(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Plan(rs.getString("id"), rs.getString("project_id"), rs.getString("name"),
                rs.getString("source_kind"), rs.getString("scenario"), mapper.readValue(rs.getString("notes"), STRINGS),
                mapper.readValue(rs.getString("thresholds"), STRINGS),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
