package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A project's alert history: firing and resolved events, newest first, with who was notified and how it went. */
@RestController
@RequestMapping("/lightcloud/v1/alert-history")
public class AlertHistoryController {
    private final AlertHistoryRepository history;
    private final PolicyEnforcer policy;

    public AlertHistoryController(AlertHistoryRepository history, PolicyEnforcer policy) {
        this.history = requireNonNull(history, "history is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam(name = "rule_id", required = false) String ruleId,
            @RequestParam(required = false) Integer limit) {
        String project = AlertRuleController.projectOf(caller);
        policy.enforce("lightcloud:alerting:read", caller, Map.of("target.project_id", project));
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw ApiException.badRequest("Invalid input for field 'limit': it must be between 1 and 1000.");
        }
        return Map.of("alert_events", history.events(project, ruleId, max));
    }
}
