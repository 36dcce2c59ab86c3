package io.lightcloud.compute;

import io.lightcloud.common.policy.PolicyDefaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compute's default rules under Nova's action names and with Nova's 2023 defaults: project readers read, project
 * members act on their project's servers, the admin manages flavors, hosts and quotas; key pairs belong to their
 * user. Lightcloud's host credentials ({@code lightcloud:hosts:*}) are for the admin.
 */
public final class ComputePolicies implements PolicyDefaults {
    private static final String ADMIN = "rule:admin_required";
    private static final String READER = "rule:project_reader_or_admin";
    private static final String MEMBER = "rule:project_member_or_admin";
    private static final String ANY = "@";

    @Override
    public Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        String servers = "os_compute_api:servers:";
        put(rules, READER, servers, "index", "detail", "show", "show:flavor-extra-specs");
        put(rules, ADMIN, servers, "index:get_all_tenants", "detail:get_all_tenants", "allow_all_filters",
                "show:host_status", "show:host_status:unknown-only", "create:forced_host",
                "create:requested_destination");
        put(rules, MEMBER, servers, "create", "create:attach_volume", "create:attach_network", "delete", "update",
                "confirm_resize", "revert_resize", "reboot", "resize", "rebuild", "create_image", "start", "stop");
        rules.put("os_compute_api:os-extended-server-attributes", ADMIN);
        rules.put("os_compute_api:os-admin-actions:reset_state", ADMIN);
        put(rules, MEMBER, "os_compute_api:os-pause-server:", "pause", "unpause");
        put(rules, MEMBER, "os_compute_api:os-suspend-server:", "suspend", "resume");
        put(rules, MEMBER, "os_compute_api:os-lock-server:", "lock", "unlock");
        rules.put("os_compute_api:os-lock-server:unlock:unlock_override", ADMIN);
        rules.put("os_compute_api:os-console-output", MEMBER);
        rules.put("os_compute_api:os-remote-consoles", MEMBER);
        put(rules, READER, "os_compute_api:server-metadata:", "index", "show");
        put(rules, MEMBER, "os_compute_api:server-metadata:", "create", "update", "update_all", "delete");
        put(rules, READER, "os_compute_api:os-server-tags:", "index", "show");
        put(rules, MEMBER, "os_compute_api:os-server-tags:", "update", "update_all", "delete", "delete_all");
        put(rules, READER, "os_compute_api:os-volumes-attachments:", "index", "show");
        put(rules, MEMBER, "os_compute_api:os-volumes-attachments:", "create", "update", "delete");
        put(rules, READER, "os_compute_api:os-attach-interfaces:", "list", "show");
        put(rules, MEMBER, "os_compute_api:os-attach-interfaces:", "create", "delete");
        put(rules, READER, "os_compute_api:os-instance-actions:", "list", "show");
        put(rules, ADMIN, "os_compute_api:os-instance-actions:", "events", "events:details");

        put(rules, ADMIN, "os_compute_api:os-flavor-manage:", "create", "update", "delete");
        rules.put("os_compute_api:os-flavor-access", ADMIN);
        put(rules, ADMIN, "os_compute_api:os-flavor-access:", "add_tenant_access", "remove_tenant_access");
        put(rules, READER, "os_compute_api:os-flavor-extra-specs:", "index", "show");
        put(rules, ADMIN, "os_compute_api:os-flavor-extra-specs:", "create", "update", "delete");

        String keypairOwner = "(" + ADMIN + ") or user_id:%(target.user_id)s";
        put(rules, keypairOwner, "os_compute_api:os-keypairs:", "index", "create", "delete", "show");

        put(rules, MEMBER, "os_compute_api:os-server-groups:", "create", "delete");
        put(rules, READER, "os_compute_api:os-server-groups:", "index", "show");
        rules.put("os_compute_api:os-server-groups:index:all_projects", ADMIN);

        rules.put("os_compute_api:os-availability-zone:list", ANY);
        rules.put("os_compute_api:os-availability-zone:detail", ADMIN);
        put(rules, ADMIN, "os_compute_api:os-hypervisors:", "list", "list-detail", "statistics", "show", "uptime",
                "search", "servers");
        put(rules, ADMIN, "os_compute_api:os-services:", "list", "update", "delete");
        put(rules, ADMIN, "os_compute_api:os-aggregates:", "index", "create", "show", "update", "delete", "add_host",
                "remove_host", "set_metadata");

        put(rules, READER, "os_compute_api:os-quota-sets:", "show", "detail");
        put(rules, ADMIN, "os_compute_api:os-quota-sets:", "update", "delete");
        rules.put("os_compute_api:os-quota-sets:defaults", ANY);
        rules.put("os_compute_api:limits", ANY);
        rules.put("os_compute_api:limits:other_project", ADMIN);

        rules.put("os_compute_api:os-simple-tenant-usage:list", ADMIN);
        rules.put("os_compute_api:os-simple-tenant-usage:show", READER);
        put(rules, READER, "os_compute_api:os-floating-ips:", "list", "show");
        rules.put("lightcloud:price_list:show", ANY);
        rules.put("lightcloud:price_list:update", ADMIN);
        rules.put("lightcloud:showback:show", READER);
        rules.put("lightcloud:showback:all_projects", ADMIN);

        put(rules, ADMIN, "lightcloud:hosts:", "list", "show", "create", "delete", "rotate_credential");
        return rules;
    }

    private static void put(Map<String, String> rules, String rule, String prefix, String... actions) {
        List.of(actions).forEach(action -> rules.put(prefix + action, rule));
    }
}
