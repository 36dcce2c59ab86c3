package io.lightcloud.loadtest.run;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.loadtest.plan.Plan;
import io.lightcloud.loadtest.plan.PlanController;
import io.lightcloud.loadtest.safety.ProjectPolicy;
import io.lightcloud.loadtest.safety.ProjectPolicyRepository;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs of the caller's project: start a plan (with optional overrides of users, rate, duration and thresholds), watch
 * it, stop it, read the live or final results, download the report as CSV or HTML and compare two runs. A run is
 * checked against the project's limits and allowed targets before it is queued; a refused run starts nothing.
 */
@RestController
@RequestMapping("/lightcloud/v1/loadtest/runs")
public class RunController {
    private static final Logger log = LoggerFactory.getLogger(RunController.class);

    private final RunRepository runs;
    private final PlanController plans;
    private final ProjectPolicyRepository policies;
    private final RunCoordinator coordinator;
    private final PolicyEnforcer policy;
    private final ObjectMapper mapper;

    public RunController(RunRepository runs, PlanController plans, ProjectPolicyRepository policies,
            RunCoordinator coordinator, PolicyEnforcer policy, ObjectMapper mapper) {
        this.runs = requireNonNull(runs, "runs is null");
        this.plans = requireNonNull(plans, "plans is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        String projectId = PlanController.requireProject(caller);
        policy.enforce("loadtest:run:create", caller, Map.of("target.project_id", projectId));
        JsonFields in = JsonFields.of(body, "run").allowOnly(Set.of("plan_id", "thresholds", "abort_on_threshold",
                "users", "rate", "duration_seconds"));
        Plan plan = plans.visible(caller, in.requiredNonBlank("plan_id", 64), "loadtest:plan:get");
        List<String> thresholds = in.stringList("thresholds", 255).map(PlanController::thresholds)
                .orElse(plan.thresholds());
        ObjectNode scenario = (ObjectNode) mapper.readTree(plan.scenario());
        ObjectNode load = (ObjectNode) scenario.path("load");
        in.integer("users", 1, 1_000_000).ifPresent(users -> load.put("users", users));
        in.integer("duration_seconds", 1, 7 * 86_400).ifPresent(duration -> load.put("duration_seconds", duration));
        JsonNode rateOverride = in.raw().get("rate");
        if (rateOverride != null) {
            if (!rateOverride.isNumber() || rateOverride.doubleValue() <= 0
                    || !load.path("model").asString().equals("open")) {
                throw ApiException.badRequest("Invalid input for field 'run.rate': a number > 0, for a plan with an "
                        + "open (constant rate) load model.");
            }
            load.put("rate", rateOverride.doubleValue());
        }
        int users = load.path("users").asInt();
        double rate = load.path("rate").asDouble(0);
        int duration = load.path("duration_seconds").asInt(0);
        ProjectPolicy limits = policies.find(projectId);
        if (users > limits.maxUsers()) {
            throw ApiException.forbidden("The run needs " + users + " users; project " + projectId + " may use "
                    + limits.maxUsers() + ".");
        }
        if (rate > limits.maxRate()) {
            throw ApiException.forbidden("The run needs " + rate + " requests/s; project " + projectId + " may use "
                    + limits.maxRate() + ".");
        }
        if (duration > limits.maxDurationSeconds()) {
            throw ApiException.forbidden("The run lasts " + duration + " s; project " + projectId + " may run "
                    + limits.maxDurationSeconds() + " s.");
        }
        ArrayNode allowed = scenario.putArray("allowed_targets");
        plans.checkTargets(scenario, projectId).forEach(allowed::add);
        Run run = new Run(UUID.randomUUID().toString(), projectId, plan.id(), plan.name(), RunStatus.QUEUED,
                mapper.writeValueAsString(scenario), thresholds, in.bool("abort_on_threshold").orElse(false), users,
                rate, duration, null, List.of(), null, RunRepository.now(), null, null, null);
        runs.create(run);
        log.info("run {} of plan {} queued in project {} ({} users, {}/s, {} s)", run.id(), plan.id(), projectId,
                users, rate, duration);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("run", view(run)));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller) {
        String projectId = PlanController.requireProject(caller);
        policy.enforce("loadtest:run:list", caller, Map.of("target.project_id", projectId));
        return Map.of("runs", runs.list(projectId).stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id) {
        return Map.of("run", view(visible(caller, id)));
    }

    @PostMapping("/{id}/stop")
    public ResponseEntity<Map<String, Object>> stop(AuthContext caller, @PathVariable String id) {
        Run run = visible(caller, id);
        policy.enforce("loadtest:run:stop", caller, Map.of("target.project_id", run.projectId()));
        if (!coordinator.stop(run)) {
            throw ApiException.conflict("Run " + id + " is " + run.status().wire() + "; only queued or running runs "
                    + "stop.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("run", view(runs.find(id).orElseThrow())));
    }

    @GetMapping("/{id}/results")
    public Map<String, Object> results(AuthContext caller, @PathVariable String id) {
        Run run = visible(caller, id);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("run", view(run));
        results.put("results", resultsOf(run));
        return results;
    }

    @GetMapping(value = "/{id}/report.csv", produces = "text/csv")
    public ResponseEntity<String> csv(AuthContext caller, @PathVariable String id) {
        Run run = visible(caller, id);
        return download(ReportFormats.csv(resultsOf(run)), "text/csv", "run-" + id + ".csv");
    }

    @GetMapping(value = "/{id}/report.html", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> html(AuthContext caller, @PathVariable String id) {
        Run run = visible(caller, id);
        return download(ReportFormats.html(view(run), resultsOf(run)), MediaType.TEXT_HTML_VALUE,
                "run-" + id + ".html");
    }

    @GetMapping("/compare")
    public Map<String, Object> compare(AuthContext caller, @RequestParam("a") String a, @RequestParam("b") String b) {
        Run first = visible(caller, a);
        Run second = visible(caller, b);
        return Map.of("comparison", ReportFormats.compare(view(first), resultsOf(first), view(second),
                resultsOf(second)));
    }

    private static ResponseEntity<String> download(String body, String type, String filename) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, type + "; charset=utf-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"").body(body);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resultsOf(Run run) {
        if (run.report() != null) {
            return mapper.readValue(run.report(), Map.class);
        }
        Map<String, Object> live = coordinator.liveResults(run);
        return live != null ? live : Map.of();
    }

    private Run visible(AuthContext caller, String id) {
        Run run = runs.find(id).orElse(null);
        if (run == null || !policy.allows("loadtest:run:get", caller, Map.of("target.project_id", run.projectId()))
                || (!caller.isAdmin() && !run.projectId().equals(caller.projectId()))) {
            throw ApiException.notFound("Run " + id + " could not be found.");
        }
        return run;
    }

    private Map<String, Object> view(Run run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("project_id", run.projectId());
        view.put("plan_id", run.planId());
        view.put("plan_name", run.planName());
        view.put("status", run.status().wire());
        view.put("message", run.message());
        view.put("users", run.users());
        view.put("rate", run.rate());
        view.put("duration_seconds", run.durationSeconds());
        view.put("thresholds", run.thresholds());
        view.put("abort_on_threshold", run.abortOnThreshold());
        view.put("engine", "fast");
        view.put("events", run.events());
        view.put("created_at", time(run.createdAt()));
        view.put("started_at", time(run.startedAt()));
        view.put("stop_at", time(run.stopAt()));
        view.put("finished_at", time(run.finishedAt()));
        List<Map<String, Object>> shares = new ArrayList<>();
        for (Share share : runs.shares(run.id())) {
            shares.add(Map.of("executor_id", share.executorId(), "users", share.users(), "rate", share.rate(),
                    "state", share.state()));
        }
        view.put("shares", shares);
        return view;
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : Timestamps.seconds(time.toInstant());
    }
}
