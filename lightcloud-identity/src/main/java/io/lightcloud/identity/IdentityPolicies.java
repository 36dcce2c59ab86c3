package io.lightcloud.identity;

import io.lightcloud.common.policy.PolicyDefaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Identity's default rules, after Keystone's: the cloud admin manages everything; a user reads and changes what is
 * their own (their user, their application credentials, their tokens); a project-scoped user may read its project.
 */
public final class IdentityPolicies implements PolicyDefaults {
    @Override
    public Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        String admin = "rule:admin_required";
        String tokenSubject = "rule:admin_required or user_id:%(target.token.user_id)s";
        rules.put("identity:validate_token", tokenSubject);
        rules.put("identity:check_token", tokenSubject);
        rules.put("identity:revoke_token", tokenSubject);

        rules.put("identity:list_domains", admin);
        rules.put("identity:get_domain", "rule:admin_required or project_domain_id:%(target.domain.id)s"
                + " or domain_id:%(target.domain.id)s");
        rules.put("identity:create_domain", admin);
        rules.put("identity:update_domain", admin);
        rules.put("identity:delete_domain", admin);

        rules.put("identity:list_projects", "rule:admin_required or (role:reader and domain_id:%(target.domain_id)s)");
        rules.put("identity:get_project", "rule:admin_required or project_id:%(target.project.id)s"
                + " or (role:reader and domain_id:%(target.project.domain_id)s)");
        rules.put("identity:create_project", admin);
        rules.put("identity:update_project", admin);
        rules.put("identity:delete_project", admin);
        rules.put("identity:list_user_projects", "rule:admin_required or user_id:%(target.user.id)s");

        rules.put("identity:list_users", "rule:admin_required or (role:reader and domain_id:%(target.domain_id)s)");
        rules.put("identity:get_user", "rule:admin_required or user_id:%(target.user.id)s");
        rules.put("identity:create_user", admin);
        rules.put("identity:update_user", admin);
        rules.put("identity:delete_user", admin);

        rules.put("identity:list_groups", admin);
        rules.put("identity:get_group", admin);
        rules.put("identity:create_group", admin);
        rules.put("identity:update_group", admin);
        rules.put("identity:delete_group", admin);
        rules.put("identity:list_users_in_group", admin);
        rules.put("identity:add_user_to_group", admin);
        rules.put("identity:remove_user_from_group", admin);
        rules.put("identity:check_user_in_group", admin);
        rules.put("identity:list_groups_for_user", "rule:admin_required or user_id:%(target.user.id)s");

        rules.put("identity:list_roles", admin);
        rules.put("identity:get_role", admin);
        rules.put("identity:create_role", admin);
        rules.put("identity:update_role", admin);
        rules.put("identity:delete_role", admin);
        rules.put("identity:list_implied_roles", admin);
        rules.put("identity:get_implied_role", admin);
        rules.put("identity:create_implied_role", admin);
        rules.put("identity:delete_implied_role", admin);
        rules.put("identity:list_role_inference_rules", admin);

        rules.put("identity:create_grant", admin);
        rules.put("identity:revoke_grant", admin);
        rules.put("identity:check_grant", admin);
        rules.put("identity:list_grants", admin);
        rules.put("identity:list_role_assignments",
                "rule:admin_required or (role:reader and domain_id:%(target.domain_id)s)");

        String owner = "rule:admin_required or user_id:%(target.user.id)s";
        rules.put("identity:create_application_credential", "user_id:%(target.user.id)s");
        rules.put("identity:get_application_credential", owner);
        rules.put("identity:list_application_credentials", owner);
        rules.put("identity:delete_application_credential", owner);

        for (String entity : List.of("service", "endpoint")) {
            for (String action : List.of("list_%ss", "get_%s", "create_%s", "update_%s", "delete_%s")) {
                rules.put("identity:" + action.formatted(entity), admin);
            }
        }
        rules.put("identity:list_regions", "");
        rules.put("identity:get_region", "");
        rules.put("identity:create_region", admin);
        rules.put("identity:update_region", admin);
        rules.put("identity:delete_region", admin);
        return rules;
    }
}
