package io.lightcloud.loadtest;

import io.lightcloud.common.policy.PolicyDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The load-test service's default rules: project readers read plans, runs and results, project members create and
 * stop them; the admin manages the executor pool and each project's targets and limits. Targets carry
 * {@code target.project_id}.
 */
public final class LoadtestPolicies implements PolicyDefaults {
    @Override
    public Map<String, String> rules() {
        String reader = "rule:project_reader_or_admin";
        String member = "rule:project_member_or_admin";
        String admin = "rule:admin_required";
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("loadtest:plan:create", member);
        rules.put("loadtest:plan:get", reader);
        rules.put("loadtest:plan:list", reader);
        rules.put("loadtest:plan:delete", member);
        rules.put("loadtest:run:create", member);
        rules.put("loadtest:run:get", reader);
        rules.put("loadtest:run:list", reader);
        rules.put("loadtest:run:stop", member);
        rules.put("loadtest:policy:get", reader);
        rules.put("loadtest:policy:update", admin);
        rules.put("loadtest:executor:create", admin);
        rules.put("loadtest:executor:list", admin);
        rules.put("loadtest:executor:delete", admin);
        return rules;
    }
}
