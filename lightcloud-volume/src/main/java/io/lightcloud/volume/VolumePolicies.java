package io.lightcloud.volume;

import io.lightcloud.common.policy.PolicyDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The volume service's default rules under Cinder's names: project readers read, project members create and change,
 * the cloud admin does everything, including the admin actions (reset status, force delete), managing types and
 * setting quotas. Targets carry {@code target.project_id}, the project owning the resource.
 */
public final class VolumePolicies implements PolicyDefaults {
    @Override
    public Map<String, String> rules() {
        String reader = "rule:project_reader_or_admin";
        String member = "rule:project_member_or_admin";
        String admin = "rule:admin_required";
        String anyone = "";
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("volume:create", member);
        rules.put("volume:create_from_image", member);
        rules.put("volume:get", reader);
        rules.put("volume:get_all", reader);
        rules.put("volume:update", member);
        rules.put("volume:delete", member);
        rules.put("volume:force_delete", admin);
        rules.put("volume:extend", member);
        rules.put("volume_extension:volume_tenant_attribute", reader);
        rules.put("volume_extension:volume_host_attribute", admin);
        rules.put("volume_extension:volume_mig_status_attribute", admin);
        rules.put("volume_extension:volume_image_metadata", reader);
        rules.put("volume_extension:volume_image_metadata:show", reader);
        rules.put("volume_extension:volume_image_metadata:set", member);
        rules.put("volume_extension:volume_image_metadata:remove", member);

        rules.put("volume:get_volume_metadata", reader);
        rules.put("volume:create_volume_metadata", member);
        rules.put("volume:update_volume_metadata", member);
        rules.put("volume:delete_volume_metadata", member);

        for (String action : new String[] {"reserve", "unreserve", "begin_detaching", "roll_detaching", "attach",
                "detach", "initialize_connection", "terminate_connection", "upload_image"}) {
            rules.put("volume_extension:volume_actions:" + action, member);
        }
        rules.put("volume_extension:volume_actions:upload_public", admin);
        rules.put("volume_extension:volume_admin_actions:reset_status", admin);
        rules.put("volume_extension:volume_admin_actions:force_delete", admin);

        rules.put("volume:attachment_get", reader);
        rules.put("volume:attachment_create", member);
        rules.put("volume:attachment_update", member);
        rules.put("volume:attachment_complete", member);
        rules.put("volume:attachment_delete", member);

        rules.put("volume:create_snapshot", member);
        rules.put("volume:get_snapshot", reader);
        rules.put("volume:get_all_snapshots", reader);
        rules.put("volume:update_snapshot", member);
        rules.put("volume:delete_snapshot", member);
        rules.put("volume:get_snapshot_metadata", reader);
        rules.put("volume:update_snapshot_metadata", member);
        rules.put("volume:delete_snapshot_metadata", member);
        rules.put("volume_extension:extended_snapshot_attributes", reader);
        rules.put("volume_extension:snapshot_admin_actions:reset_status", admin);
        rules.put("volume_extension:snapshot_admin_actions:force_delete", admin);

        rules.put("volume:create_transfer", member);
        rules.put("volume:get_transfer", reader);
        rules.put("volume:get_all_transfers", reader);
        rules.put("volume:delete_transfer", member);
        rules.put("volume:accept_transfer", member);

        rules.put("volume_extension:type_get", anyone);
        rules.put("volume_extension:type_get_all", anyone);
        rules.put("volume_extension:type_create", admin);
        rules.put("volume_extension:type_update", admin);
        rules.put("volume_extension:type_delete", admin);
        rules.put("volume_extension:access_types_extra_specs", admin);
        rules.put("volume_extension:types_extra_specs:index", anyone);
        rules.put("volume_extension:types_extra_specs:show", anyone);
        rules.put("volume_extension:types_extra_specs:create", admin);
        rules.put("volume_extension:types_extra_specs:update", admin);
        rules.put("volume_extension:types_extra_specs:delete", admin);

        rules.put("volume_extension:quotas:show", reader);
        rules.put("volume_extension:quotas:update", admin);
        rules.put("volume_extension:quotas:delete", admin);
        rules.put("limits_extension:used_limits", anyone);
        rules.put("volume_extension:availability_zone_list", anyone);
        rules.put("scheduler_extension:scheduler_stats:get_pools", admin);
        return rules;
    }
}
