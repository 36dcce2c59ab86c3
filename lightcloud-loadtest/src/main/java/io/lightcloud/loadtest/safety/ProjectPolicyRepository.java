package io.lightcloud.loadtest.safety;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Per-project load-test policies set by the admin. */
@Repository
public class ProjectPolicyRepository {
    private final JdbcClient jdbc;

    public ProjectPolicyRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public ProjectPolicy find(String projectId) {
        return jdbc.sql("SELECT * FROM loadtest_project_policy WHERE project_id = ?").param(projectId)
                .query((rs, n) -> new ProjectPolicy(projectId, split(rs.getString("allowed_targets")),
                        rs.getInt("max_users"), rs.getDouble("max_rate"), rs.getInt("max_executors"),
                        rs.getInt("max_duration_seconds"), rs.getInt("max_concurrent_runs")))
                .optional().orElse(ProjectPolicy.none(projectId));
    }

    @Transactional
    public void save(ProjectPolicy policy) {
        jdbc.sql("DELETE FROM loadtest_project_policy WHERE project_id = ?").param(policy.projectId()).update();
        jdbc.sql("INSERT INTO loadtest_project_policy (project_id, allowed_targets, max_users, max_rate, "
                + "max_executors, max_duration_seconds, max_concurrent_runs, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(policy.projectId(), String.join("\n", policy.allowedTargets()), policy.maxUsers(),
                        policy.maxRate(), policy.maxExecutors(), policy.maxDurationSeconds(),
                        policy.maxConcurrentRuns(), OffsetDateTime.now(ZoneOffset.UTC)).update();
    }

    private static List<String> split(String text) {
        return text.isBlank() ? List.of() : Arrays.stream(text.split("\n")).filter(s -> !s.isBlank()).toList();
    }
}
