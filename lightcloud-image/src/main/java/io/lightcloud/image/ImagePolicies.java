package io.lightcloud.image;

import io.lightcloud.common.policy.PolicyDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image service's default rules, after Glance's secure defaults: readers see their project's images, public and
 * community ones, and those shared with their project; members create, change, share and download; only the cloud
 * admin makes an image public. The metadefs catalog is read by everyone who can see a namespace and written by the
 * cloud admin, as Glance's defaults have it. Targets are described in {@link io.lightcloud.image.access.ImageAccess}.
 */
public final class ImagePolicies implements PolicyDefaults {
    @Override
    public Map<String, String> rules() {
        String admin = "rule:admin_required";
        String projectMember = "rule:admin_required or (role:member and project_id:%(target.project_id)s)";
        String projectReader = "rule:admin_required or (role:reader and project_id:%(target.project_id)s)";
        String anyoneWhoSees = "project_id:%(target.project_id)s or project_id:%(target.member_id)s"
                + " or 'public':%(target.visibility)s or 'community':%(target.visibility)s";
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("image:get_schema", "");
        rules.put("image:add_image", "rule:admin_required or (role:member and project_id:%(target.owner)s)");
        rules.put("image:get_image", "rule:admin_required or (role:reader and (" + anyoneWhoSees + "))");
        rules.put("image:get_images", projectReader);
        rules.put("image:modify_image", projectMember);
        rules.put("image:delete_image", projectMember);
        rules.put("image:upload_image", projectMember);
        rules.put("image:download_image", "rule:admin_required or (role:member and (" + anyoneWhoSees + "))");
        rules.put("image:publicize_image", admin);
        rules.put("image:communitize_image", projectMember);
        rules.put("image:deactivate", projectMember);
        rules.put("image:reactivate", projectMember);
        rules.put("image:add_member", projectMember);
        rules.put("image:delete_member", projectMember);
        rules.put("image:get_member", "rule:admin_required or (role:reader and (project_id:%(target.project_id)s"
                + " or project_id:%(target.member_id)s))");
        rules.put("image:get_members", "rule:admin_required or (role:reader and (project_id:%(target.project_id)s"
                + " or project_id:%(target.member_id)s))");
        rules.put("image:modify_member", "rule:admin_required or (role:member and project_id:%(target.member_id)s)");
        rules.put("image:get_metadef_namespaces", "");
        rules.put("image:get_metadef_namespace", "");
        rules.put("image:list_metadef_resource_types", "");
        rules.put("image:get_metadef_resource_type", "");
        for (String verb : new String[] {"add", "modify", "delete"}) {
            rules.put("image:" + verb + "_metadef_namespace", admin);
        }
        rules.put("image:add_metadef_resource_type_association", admin);
        rules.put("image:remove_metadef_resource_type_association", admin);
        for (String kind : new String[] {"object", "property", "tag"}) {
            rules.put("image:get_metadef_" + kind, "");
            for (String verb : new String[] {"add", "modify", "delete"}) {
                rules.put("image:" + verb + "_metadef_" + kind, admin);
            }
        }
        return rules;
    }
}
