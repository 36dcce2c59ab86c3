package io.lightcloud.loadtest.safety;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The admin sets where a project's load tests may send traffic and how much; the project's readers can see it. */
@RestController
@RequestMapping("/lightcloud/v1/loadtest/policies")
public class ProjectPolicyController {
    private static final Pattern HOST_RULE = Pattern.compile("^(\\*\\.)?[a-zA-Z0-9]([a-zA-Z0-9.-]{0,253}[a-zA-Z0-9])?$");

    private final ProjectPolicyRepository policies;
    private final PolicyEnforcer policy;

    public ProjectPolicyController(ProjectPolicyRepository policies, PolicyEnforcer policy) {
        this.policies = requireNonNull(policies, "policies is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping("/{projectId}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String projectId) {
        policy.enforce("loadtest:policy:get", caller, Map.of("target.project_id", projectId));
        return Map.of("policy", view(policies.find(projectId)));
    }

    @PutMapping("/{projectId}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String projectId,
            @RequestBody JsonNode body) {
        policy.enforce("loadtest:policy:update", caller, Map.of("target.project_id", projectId));
        JsonFields in = JsonFields.of(body, "policy").allowOnly(Set.of("allowed_targets", "max_users", "max_rate",
                "max_executors", "max_duration_seconds", "max_concurrent_runs"));
        List<String> targets = in.stringList("allowed_targets", 255).orElse(List.of());
        for (String target : targets) {
            if (!Cidr.isValid(target) && !HOST_RULE.matcher(target).matches()) {
                throw ApiException.badRequest("Invalid input for field 'policy.allowed_targets': '" + target
                        + "' is neither an address range (CIDR), an address, a host name nor *.domain.");
            }
        }
        JsonNode rate = in.raw().get("max_rate");
        if (rate != null && !(rate.isNumber() && rate.doubleValue() >= 0)) {
            throw ApiException.badRequest("Invalid input for field 'policy.max_rate': a number >= 0.");
        }
        ProjectPolicy updated = new ProjectPolicy(projectId, targets,
                in.integer("max_users", 0, 1_000_000).orElse(1000L).intValue(),
                rate == null ? 10_000 : rate.doubleValue(),
                in.integer("max_executors", 0, 1000).orElse(10L).intValue(),
                in.integer("max_duration_seconds", 0, 7 * 86_400).orElse(3600L).intValue(),
                in.integer("max_concurrent_runs", 0, 100).orElse(2L).intValue());
        policies.save(updated);
        return Map.of("policy", view(updated));
    }

    private static Map<String, Object> view(ProjectPolicy p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("project_id", p.projectId());
        view.put("allowed_targets", p.allowedTargets());
        view.put("max_users", p.maxUsers());
        view.put("max_rate", p.maxRate());
        view.put("max_executors", p.maxExecutors());
        view.put("max_duration_seconds", p.maxDurationSeconds());
        view.put("max_concurrent_runs", p.maxConcurrentRuns());
        return view;
    }
}
