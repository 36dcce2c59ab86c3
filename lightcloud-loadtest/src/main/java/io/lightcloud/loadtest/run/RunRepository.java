package io.lightcloud.loadtest.run;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Runs and their shares. Status changes are conditional updates, so two paths cannot both end a run. */
@Repository
public class RunRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public RunRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    public void create(Run run) {
        jdbc.sql("INSERT INTO loadtest_run (id, project_id, plan_id, plan_name, status, scenario, thresholds, "
                + "abort_on_threshold, users, rate, duration_seconds, events, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(run.id(), run.projectId(), run.planId(), run.planName(), run.status().name(), run.scenario(),
                        mapper.writeValueAsString(run.thresholds()), run.abortOnThreshold(), run.users(), run.rate(),
                        run.durationSeconds(), mapper.writeValueAsString(run.events()), run.createdAt())
                .update();
    }

    public Optional<Run> find(String id) {
        return jdbc.sql("SELECT * FROM loadtest_run WHERE id = ?").param(id).query(this::run).optional();
    }

    public List<Run> list(String projectId) {
        return projectId == null
                ? jdbc.sql("SELECT * FROM loadtest_run ORDER BY created_at DESC, id").query(this::run).list()
                : jdbc.sql("SELECT * FROM loadtest_run WHERE project_id = ? ORDER BY created_at DESC, id")
                        .param(projectId).query(this::run).list();
    }

    public List<Run> withStatus(RunStatus... statuses) {
        List<Run> out = new ArrayList<>();
        for (RunStatus status : statuses) {
            out.addAll(jdbc.sql("SELECT * FROM loadtest_run WHERE status = ? ORDER BY created_at, id")
                    .param(status.name()).query(this::run).list());
        }
        return out;
    }

    public boolean start(String id, OffsetDateTime startedAt, OffsetDateTime stopAt) {
        return jdbc.sql("UPDATE loadtest_run SET status = 'RUNNING', started_at = ?, stop_at = ? WHERE id = ? "
                + "AND status = 'QUEUED'").params(startedAt, stopAt, id).update() == 1;
    }

    public boolean transition(String id, RunStatus from, RunStatus to, String message) {
        return jdbc.sql("UPDATE loadtest_run SET status = ?, message = COALESCE(?, message) WHERE id = ? "
                + "AND status = ?").params(to.name(), message, id, from.name()).update() == 1;
    }

    public boolean finish(String id, RunStatus from, RunStatus to, String message, String report) {
        return jdbc.sql("UPDATE loadtest_run SET status = ?, message = ?, report = ?, finished_at = ? WHERE id = ? "
                + "AND status = ?").params(to.name(), message, report, now(), id, from.name()).update() == 1;
    }

    public void addEvent(String id, String event) {
        find(id).ifPresent(run -> {
            List<String> events = new ArrayList<>(run.events());
            events.add(now().withNano(0) + " " + event);
            jdbc.sql("UPDATE loadtest_run SET events = ? WHERE id = ?")
                    .params(mapper.writeValueAsString(events), id).update();
        });
    }

    public void addShare(Share share) {
        jdbc.sql("INSERT INTO loadtest_share (run_id, executor_id, users, rate, state, assignment) "
                + "VALUES (?, ?, ?, ?, ?, ?)").params(share.runId(), share.executorId(), share.users(), share.rate(),
                        share.state(), share.assignment()).update();
    }

    public void updateShare(String runId, String executorId, double rate, String assignment) {
        jdbc.sql("UPDATE loadtest_share SET rate = ?, assignment = ? WHERE run_id = ? AND executor_id = ?")
                .params(rate, assignment, runId, executorId).update();
    }

    public List<Share> shares(String runId) {
        return jdbc.sql("SELECT * FROM loadtest_share WHERE run_id = ? ORDER BY executor_id").param(runId)
                .query(this::share).list();
    }

    public Optional<Share> share(String runId, String executorId) {
        return jdbc.sql("SELECT * FROM loadtest_share WHERE run_id = ? AND executor_id = ?")
                .params(runId, executorId).query(this::share).optional();
    }

    /** The shares an executor should be running now: assigned, of runs that are running. */
    public List<Share> activeShares(String executorId) {
        return jdbc.sql("SELECT s.* FROM loadtest_share s JOIN loadtest_run r ON r.id = s.run_id "
                + "WHERE s.executor_id = ? AND s.state = 'assigned' AND r.status = 'RUNNING' ORDER BY s.run_id")
                .param(executorId).query(this::share).list();
    }

    /** Users assigned to each executor by running runs. */
    public List<Share> busyShares() {
        return jdbc.sql("SELECT s.* FROM loadtest_share s JOIN loadtest_run r ON r.id = s.run_id "
                + "WHERE s.state = 'assigned' AND r.status IN ('RUNNING', 'STOPPING')").query(this::share).list();
    }

    public boolean setShareState(String runId, String executorId, String from, String to) {
        return jdbc.sql("UPDATE loadtest_share SET state = ? WHERE run_id = ? AND executor_id = ? AND state = ?")
                .params(to, runId, executorId, from).update() == 1;
    }

    private Share share(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Share(rs.getString("run_id"), rs.getString("executor_id"), rs.getInt("users"),
                rs.getDouble("rate"), rs.getString("state"), rs.getString("assignment"));
    }

    private Run run(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Run(rs.getString("id"), rs.getString("project_id"), rs.getString("plan_id"),
                rs.getString("plan_name"), RunStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("scenario"), mapper.readValue(rs.getString("thresholds"), STRINGS),
                rs.getBoolean("abort_on_threshold"), rs.getInt("users"), rs.getDouble("rate"),
                rs.getInt("duration_seconds"), rs.getString("message"),
                mapper.readValue(rs.getString("events"), STRINGS), rs.getString("report"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("stop_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }
}
