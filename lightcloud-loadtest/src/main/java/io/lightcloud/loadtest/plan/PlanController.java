package io.lightcloud.loadtest.plan;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.loadtest.BoundedJson;
import io.lightcloud.loadtest.LoadtestSettings;
import io.lightcloud.loadtest.safety.ProjectPolicyRepository;
import io.lightcloud.loadtest.safety.TargetGuard;
import io.lightcloud.loadtest.threshold.Threshold;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Load-test plans of the caller's project: a JSON HTTP scenario, or a JMeter {@code .jmx} with its CSV data files
 * (compiled by JMeter's own classes into the same scenario). A plan is checked completely when it is created: its
 * elements, expressions, thresholds and targets; anything wrong is a 400 that names it and nothing is stored.
 */
@RestController
@RequestMapping("/lightcloud/v1/loadtest/plans")
public class PlanController {
    private static final Logger log = LoggerFactory.getLogger(PlanController.class);

    private final PlanRepository plans;
    private final JmxCompiler compiler;
    private final ProjectPolicyRepository policies;
    private final PolicyEnforcer policy;
    private final LoadtestSettings settings;
    private final ObjectMapper mapper;

    public PlanController(PlanRepository plans, JmxCompiler compiler, ProjectPolicyRepository policies,
            PolicyEnforcer policy, LoadtestSettings settings, ObjectMapper mapper) {
        this.plans = requireNonNull(plans, "plans is null");
        this.compiler = requireNonNull(compiler, "compiler is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, HttpServletRequest request)
            throws IOException {
        String projectId = requireProject(caller);
        policy.enforce("loadtest:plan:create", caller, Map.of("target.project_id", projectId));
        JsonFields in = JsonFields.of(BoundedJson.read(request, settings.maxPlanBytes(), mapper), "plan")
                .allowOnly(Set.of("name", "scenario", "jmx", "data_files", "thresholds"));
        String name = in.requiredNonBlank("name", 255);
        List<String> thresholds = thresholds(in.stringList("thresholds", 255).orElse(List.of()));
        Map<String, Object> scenario;
        List<String> notes = List.of();
        String kind;
        if (in.has("jmx") == in.has("scenario")) {
            throw ApiException.badRequest("A plan has either 'scenario' (a JSON scenario) or 'jmx' (a JMeter plan).");
        }
        if (in.has("jmx")) {
            kind = "jmx";
            Map<String, String> files = new LinkedHashMap<>();
            in.object("data_files").ifPresent(f -> f.raw().forEachEntry((file, content) -> {
                if (!content.isString() || file.contains("/") || file.contains("\\")) {
                    throw ApiException.badRequest("Invalid input for field 'plan.data_files': a map of file names "
                            + "(without directories) to their text.");
                }
                files.put(file, content.stringValue());
            }));
            try {
                JmxCompiler.Compiled compiled = compiler.compile(in.requiredNonBlank("jmx", Integer.MAX_VALUE), files);
                scenario = compiled.scenario();
                notes = compiled.notes();
            } catch (PlanProblem e) {
                throw ApiException.badRequest(e.getMessage());
            }
        } else {
            kind = "json";
            try {
                scenario = ScenarioValidator.normalize(in.object("scenario").orElseThrow());
            } catch (PlanProblem e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        checkTargets(scenario, projectId);
        Plan plan = plans.create(UUID.randomUUID().toString(), projectId, name, kind,
                mapper.writeValueAsString(scenario), notes, thresholds);
        log.info("plan {} ({}) created in project {}", plan.id(), kind, projectId);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("plan", view(plan)));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller) {
        String projectId = requireProject(caller);
        policy.enforce("loadtest:plan:list", caller, Map.of("target.project_id", projectId));
        return Map.of("plans", plans.list(projectId).stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id) {
        return Map.of("plan", view(visible(caller, id, "loadtest:plan:get")));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        Plan plan = visible(caller, id, "loadtest:plan:get");
        policy.enforce("loadtest:plan:delete", caller, Map.of("target.project_id", plan.projectId()));
        plans.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** The plan when the caller may see it; another project's plan is "not found", so ids leak nothing. */
    public Plan visible(AuthContext caller, String id, String action) {
        Plan plan = plans.find(id).orElse(null);
        if (plan == null || !policy.allows(action, caller, Map.of("target.project_id", plan.projectId()))
                || (!caller.isAdmin() && !plan.projectId().equals(caller.projectId()))) {
            throw ApiException.notFound("Plan " + id + " could not be found.");
        }
        return plan;
    }

    public static String requireProject(AuthContext caller) {
        if (!caller.isProjectScoped()) {
            throw ApiException.badRequest("Load tests belong to a project; use a project-scoped token.");
        }
        return caller.projectId();
    }

    /** Parses every threshold; the first that does not parse is a 400 naming it. */
    public static List<String> thresholds(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            try {
                out.add(Threshold.parse(text).text());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid threshold: " + e.getMessage() + ".");
            }
        }
        return out;
    }

    /** Every URL's target must be allowed for the project (400 naming the first that is not). */
    public void checkTargets(Map<String, Object> scenario, String projectId) {
        JsonNode doc = mapper.valueToTree(scenario);
        checkTargets(doc, projectId);
    }

    public Set<String> checkTargets(JsonNode scenario, String projectId) {
        List<String> urls = new ArrayList<>();
        for (JsonNode step : scenario.path("steps").values()) {
            if (step.path("type").asString().equals("transaction")) {
                step.path("steps").values().forEach(child -> urls.add(child.path("url").asString()));
            } else {
                urls.add(step.path("url").asString());
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        scenario.path("variables").forEachEntry((k, v) -> variables.put(k, v.asString()));
        try {
            return TargetGuard.check(urls, variables, policies.find(projectId));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Target refused: " + e.getMessage() + ".");
        }
    }

    private Map<String, Object> view(Plan plan) {
        JsonNode scenario = mapper.readTree(plan.scenario());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", plan.id());
        view.put("project_id", plan.projectId());
        view.put("name", plan.name());
        view.put("source", plan.sourceKind());
        view.put("load", scenario.path("load"));
        List<Object> steps = new ArrayList<>();
        for (JsonNode step : scenario.path("steps").values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", step.path("type").asString());
            s.put("label", step.path("label").asString());
            if (step.has("url")) {
                s.put("method", step.path("method").asString());
                s.put("url", step.path("url").asString());
            } else {
                s.put("steps", step.path("steps").values().stream().map(c -> c.path("label").asString()).toList());
            }
            steps.add(s);
        }
        view.put("steps", steps);
        view.put("data_sets", scenario.path("data_sets").values().stream().map(set -> Map.of(
                "name", set.path("name").asString(), "variables", set.path("variables"),
                "rows", set.path("rows").size())).toList());
        view.put("notes", plan.notes());
        view.put("thresholds", plan.thresholds());
        view.put("created_at", Timestamps.seconds(plan.createdAt().toInstant()));
        return view;
    }
}
