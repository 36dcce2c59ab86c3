package io.lightcloud.monitoring;

import io.lightcloud.common.policy.PolicyDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Monitoring's default rules: a project's readers see its charts, rules, channels and alert history; its members
 * change rules, channels and silences; host and cloud charts and host-scoped rules are for the cloud admin.
 */
public final class MonitoringPolicies implements PolicyDefaults {
    @Override
    public Map<String, String> rules() {
        String admin = "rule:admin_required";
        String projectMember = "rule:admin_required or (role:member and project_id:%(target.project_id)s)";
        String projectReader = "rule:admin_required or (role:reader and project_id:%(target.project_id)s)";
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("lightcloud:monitoring:server_charts", projectReader);
        rules.put("lightcloud:monitoring:host_charts", admin);
        rules.put("lightcloud:monitoring:cloud_charts", admin);
        rules.put("lightcloud:alerting:read", projectReader);
        rules.put("lightcloud:alerting:write", projectMember);
        rules.put("lightcloud:alerting:host_rules", admin);
        return rules;
    }
}
