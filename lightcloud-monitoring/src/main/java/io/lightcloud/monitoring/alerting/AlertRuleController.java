package io.lightcloud.monitoring.alerting;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.monitoring.channel.ChannelRepository;
import io.lightcloud.monitoring.inventory.MonitoredInventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A project's alert rules. Rules of other projects are 404s. Host metrics and host or cloud scopes are for the
 * cloud admin. A rule is checked field by field (400 naming the field), then by promtool, before anything changes.
 */
@RestController
@RequestMapping("/lightcloud/v1/alert-rules")
public class AlertRuleController {
    private static final Set<String> FIELDS = Set.of("name", "metric", "scope", "comparator", "threshold",
            "for_seconds", "severity", "channel_ids");
    private static final Pattern TAG = Pattern.compile("[^,/]{1,60}");
    private static final long MAX_FOR_SECONDS = 7 * 24 * 3600;

    private final AlertRuleRepository rules;
    private final AlertRuleService service;
    private final ChannelRepository channels;
    private final MonitoredInventory inventory;
    private final PolicyEnforcer policy;

    public AlertRuleController(AlertRuleRepository rules, AlertRuleService service, ChannelRepository channels,
            MonitoredInventory inventory, PolicyEnforcer policy) {
        this.rules = requireNonNull(rules, "rules is null");
        this.service = requireNonNull(service, "service is null");
        this.channels = requireNonNull(channels, "channels is null");
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller) {
        String project = projectOf(caller);
        policy.enforce("lightcloud:alerting:read", caller, Map.of("target.project_id", project));
        return Map.of("alert_rules", rules.ofProject(project).stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id) {
        AlertRule rule = visible(caller, id);
        policy.enforce("lightcloud:alerting:read", caller, Map.of("target.project_id", rule.projectId()));
        return Map.of("alert_rule", view(rule));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody(required = false) JsonNode body) {
        String project = projectOf(caller);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", project));
        Instant now = Instant.now();
        AlertRule rule = parse(caller, project, UUID.randomUUID().toString(), body, now, now);
        service.create(rule);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("alert_rule", view(rule)));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id,
            @RequestBody(required = false) JsonNode body) {
        AlertRule existing = visible(caller, id);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", existing.projectId()));
        AlertRule rule = parse(caller, existing.projectId(), existing.id(), body, existing.createdAt(),
                Instant.now());
        service.update(rule);
        return Map.of("alert_rule", view(rule));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        AlertRule rule = visible(caller, id);
        policy.enforce("lightcloud:alerting:write", caller, Map.of("target.project_id", rule.projectId()));
        service.delete(rule);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/metrics")
    public Map<String, Object> catalog(AuthContext caller) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (AlertMetric metric : AlertMetric.values()) {
            if (metric.hostMetric() && !caller.isAdmin()) {
                continue;
            }
            metrics.add(Map.of("name", metric.wire(), "unit", metric.unit(), "scopes", metric.hostMetric()
                    ? List.of("host", "cloud") : List.of("server", "tag", "project")));
        }
        return Map.of("metrics", metrics);
    }

    private AlertRule parse(AuthContext caller, String project, String id, JsonNode body, Instant created,
            Instant updated) {
        JsonFields in = JsonFields.of(body, "alert_rule").allowOnly(FIELDS);
        String name = in.requiredNonBlank("name", 255);
        String metricName = in.requiredNonBlank("metric", 64);
        AlertMetric metric = AlertMetric.parse(metricName).orElseThrow(() -> ApiException.badRequest(
                "Invalid input for field 'alert_rule.metric': unknown metric '" + metricName + "'; GET "
                        + "/lightcloud/v1/alert-rules/metrics lists them."));
        JsonFields scope = in.object("scope").orElseThrow(() -> ApiException.badRequest(
                "'alert_rule.scope' is a required property."));
        scope.allowOnly(Set.of("type", "value"));
        String typeName = scope.requiredNonBlank("type", 16);
        AlertRule.Scope scopeType;
        try {
            scopeType = AlertRule.Scope.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid input for field 'alert_rule.scope.type': '" + typeName
                    + "' is not one of server, tag, project, host, cloud.");
        }
        boolean hostScope = scopeType == AlertRule.Scope.HOST || scopeType == AlertRule.Scope.CLOUD;
        if (metric.hostMetric() || hostScope) {
            policy.enforce("lightcloud:alerting:host_rules", caller);
        }
        if (metric.hostMetric() != hostScope) {
            throw ApiException.badRequest("Invalid input for field 'alert_rule.scope.type': metric '" + metricName
                    + "' needs scope " + (metric.hostMetric() ? "host or cloud." : "server, tag or project."));
        }
        String scopeValue = scopeValue(caller, project, scopeType, scope);
        AlertRule.Comparator comparator = AlertRule.Comparator.GT;
        double threshold = 0;
        if (metric != AlertMetric.INSTANCE_DOWN) {
            String symbol = in.requiredNonBlank("comparator", 2);
            comparator = AlertRule.Comparator.parse(symbol).orElseThrow(() -> ApiException.badRequest(
                    "Invalid input for field 'alert_rule.comparator': '" + symbol
                            + "' is not one of >, >=, <, <=, ==, !=."));
            threshold = threshold(in);
        }
        long forSeconds = in.integer("for_seconds", 0, MAX_FOR_SECONDS).orElse(0L);
        String severityName = in.string("severity", 16).orElse("warning");
        AlertRule.Severity severity;
        try {
            severity = AlertRule.Severity.valueOf(severityName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid input for field 'alert_rule.severity': '" + severityName
                    + "' is not one of info, warning, critical.");
        }
        List<String> channelIds = in.stringList("channel_ids", 36).orElse(List.of());
        for (String channelId : channelIds) {
            if (channels.find(channelId).filter(c -> c.projectId().equals(project)).isEmpty()) {
                throw ApiException.badRequest("Invalid input for field 'alert_rule.channel_ids': channel " + channelId
                        + " does not exist in this project.");
            }
        }
        return new AlertRule(id, project, name, metric, scopeType, scopeValue, comparator, threshold,
                (int) forSeconds, severity, List.copyOf(Set.copyOf(channelIds)).stream().sorted().toList(), created,
                updated);
    }

    private String scopeValue(AuthContext caller, String project, AlertRule.Scope type, JsonFields scope) {
        switch (type) {
            case SERVER -> {
                String serverId = scope.requiredNonBlank("value", 64);
                inventory.server(serverId).filter(s -> s.projectId().equals(project)).orElseThrow(() ->
                        ApiException.notFound("Instance " + serverId + " could not be found."));
                return serverId;
            }
            case TAG -> {
                String tag = scope.requiredNonBlank("value", 60);
                if (!TAG.matcher(tag).matches()) {
                    throw ApiException.badRequest("Invalid input for field 'alert_rule.scope.value': '" + tag
                            + "' is not a server tag.");
                }
                return tag;
            }
            case HOST -> {
                String hostId = scope.requiredNonBlank("value", 64);
                inventory.host(hostId).orElseThrow(() -> ApiException.notFound("Host " + hostId
                        + " could not be found."));
                return hostId;
            }
            default -> {
                if (scope.has("value")) {
                    throw ApiException.badRequest("Invalid input for field 'alert_rule.scope.value': scope "
                            + type.wire() + " takes no value.");
                }
                return null;
            }
        }
    }

    private static double threshold(JsonFields in) {
        JsonNode value = in.raw().get("threshold");
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("'alert_rule.threshold' is a required property.");
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw ApiException.badRequest("Invalid input for field 'alert_rule.threshold': " + value
                    + " is not a number.");
        }
        return value.doubleValue();
    }

    private AlertRule visible(AuthContext caller, String id) {
        return rules.find(id).filter(r -> caller.isAdmin() || r.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ApiException.notFound("Alert rule " + id + " could not be found."));
    }

    static String projectOf(AuthContext caller) {
        if (caller.projectId() == null) {
            throw ApiException.forbidden("Alert rules belong to a project: use a project-scoped token.");
        }
        return caller.projectId();
    }

    private Map<String, Object> view(AlertRule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("project_id", rule.projectId());
        view.put("name", rule.name());
        view.put("metric", rule.metric().wire());
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("type", rule.scope().wire());
        scope.put("value", rule.scopeValue());
        view.put("scope", scope);
        view.put("comparator", rule.comparator().symbol());
        view.put("threshold", rule.threshold());
        view.put("for_seconds", rule.forSeconds());
        view.put("severity", rule.severity().wire());
        view.put("channel_ids", rule.channelIds());
        view.put("expression", service.expression(rule));
        view.put("created_at", Timestamps.seconds(rule.createdAt()));
        view.put("updated_at", Timestamps.seconds(rule.updatedAt()));
        return view;
    }
}
