package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.monitoring.stack.AlertmanagerClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Silences of a project's rules, kept in Alertmanager: each one matches {@code project_id} and {@code rule_id}, so
 * a project can only silence, list and expire its own.
 */
@RestController
@RequestMapping("/lightcloud/v1/alert-silences")
public class SilenceController {
    private static final long MAX_SECONDS = 30L * 24 * 3600;

    private final AlertmanagerClient alertmanager;
    private final AlertRuleRepository rules;
    private final PolicyEnforcer policy;

    public SilenceController(AlertmanagerClient alertmanager, AlertRuleRepository rules, PolicyEnforcer policy) {
        this.alertmanager = requireNonNull(alertmanager, "alertmanager is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller) {
        String project = AlertRuleController.projectOf(caller);
        policy.enforce("lightcloud:alerting:read", caller, Map.of("target.project_id", project));
        List<Map<String, Object>> silences = new ArrayList<>();
        for (JsonNode silence : alertmanager.silences("project_id=\"" + project + "\"")) {
            if (ownedBy(silence, project)) {
                silences.add(view(silence));
            }
        }
        return Map.of("alert_silences", silences);
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller,
            @RequestBody(required = false) JsonNode body) {
        String project = AlertRuleController.projectOf(caller);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", project));
        JsonFields in = JsonFields.of(body, "alert_silence").allowOnly(Set.of("rule_id", "duration_seconds",
                "comment"));
        String ruleId = in.requiredNonBlank("rule_id", 36);
        rules.find(ruleId).filter(r -> r.projectId().equals(project)).orElseThrow(() ->
                ApiException.notFound("Alert rule " + ruleId + " could not be found."));
        long seconds = in.integer("duration_seconds", 60, MAX_SECONDS).orElseThrow(() ->
                ApiException.badRequest("'alert_silence.duration_seconds' is a required property."));
        Instant now = Instant.now();
        Map<String, Object> silence = new LinkedHashMap<>();
        silence.put("matchers", List.of(matcher("project_id", project), matcher("rule_id", ruleId)));
        silence.put("startsAt", now.toString());
        silence.put("endsAt", now.plusSeconds(seconds).toString());
        silence.put("createdBy", caller.userName());
        silence.put("comment", in.string("comment", 255).filter(c -> !c.isBlank()).orElse("silenced in Lightcloud"));
        String id = alertmanager.createSilence(silence);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("alert_silence", view(alertmanager.silence(id))));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> expire(AuthContext caller, @PathVariable String id) {
        String project = AlertRuleController.projectOf(caller);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", project));
        JsonNode silence = alertmanager.silence(id);
        if (silence.isMissingNode() || !ownedBy(silence, project)) {
            throw ApiException.notFound("Alert silence " + id + " could not be found.");
        }
        alertmanager.expireSilence(id);
        return ResponseEntity.noContent().build();
    }

    private static boolean ownedBy(JsonNode silence, String project) {
        for (JsonNode matcher : silence.path("matchers")) {
            if (matcher.path("name").asString().equals("project_id") && matcher.path("value").asString()
                    .equals(project) && !matcher.path("isRegex").asBoolean() && matcher.path("isEqual")
                    .asBoolean(true)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> matcher(String name, String value) {
        return Map.of("name", name, "value", value, "isRegex", false, "isEqual", true);
    }

    private static Map<String, Object> view(JsonNode silence) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", silence.path("id").asString());
        String ruleId = null;
        for (JsonNode matcher : silence.path("matchers")) {
            if (matcher.path("name").asString().equals("rule_id")) {
                ruleId = matcher.path("value").asString();
            }
        }
        view.put("rule_id", ruleId);
        view.put("state", silence.path("status").path("state").asString());
        view.put("starts_at", silence.path("startsAt").asString());
        view.put("ends_at", silence.path("endsAt").asString());
        view.put("created_by", silence.path("createdBy").asString());
        view.put("comment", silence.path("comment").asString());
        return view;
    }
}
