package io.lightcloud.common.policy;

import java.util.Map;

/** Building blocks that every service's rules refer to with {@code rule:NAME}. */
public final class CommonPolicies implements PolicyDefaults {
    @Override
    public Map<String, String> rules() {
        return Map.of(
                "admin_required", "role:admin",
                "owner", "user_id:%(target.user_id)s",
                "admin_or_owner", "rule:admin_required or rule:owner",
                "project_reader", "role:reader and project_id:%(target.project_id)s",
                "project_member", "role:member and project_id:%(target.project_id)s",
                "project_reader_or_admin", "rule:admin_required or rule:project_reader",
                "project_member_or_admin", "rule:admin_required or rule:project_member");
    }
}
