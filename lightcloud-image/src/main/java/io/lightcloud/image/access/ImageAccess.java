package io.lightcloud.image.access;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageMemberRepository;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.core.MemberStatus;
import io.lightcloud.image.core.Visibility;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides who sees and acts on an image, through the policy rules named {@code image:*}. The target of a rule
 * carries the image's owner ({@code target.project_id}), its visibility ({@code target.visibility}) and, when the
 * image is shared with the caller's project, that project ({@code target.member_id}), as Glance's targets do.
 * An image the caller may not see is answered 404, so another project's private image looks absent.
 */
@Component
public class ImageAccess {
    private final ImageRepository images;
    private final ImageMemberRepository members;
    private final PolicyEnforcer policy;

    public ImageAccess(ImageRepository images, ImageMemberRepository members, PolicyEnforcer policy) {
        this.images = requireNonNull(images, "images is null");
        this.members = requireNonNull(members, "members is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("No image found with ID " + id);
    }

    /** The image when the caller may see it, else 404. */
    public Image visible(String id, AuthContext caller) {
        Image image = images.find(id).orElseThrow(() -> notFound(id));
        if (!canSee(image, caller, membership(image, caller))) {
            throw notFound(id);
        }
        return image;
    }

    public boolean canSee(Image image, AuthContext caller, Optional<MemberStatus> membership) {
        return policy.allows("image:get_image", caller, target(image, caller, membership));
    }

    /** @throws ApiException 403 when the caller may see the image but not perform {@code action} on it */
    public void enforce(String action, Image image, AuthContext caller) {
        policy.enforce(action, caller, target(image, caller, membership(image, caller)));
    }

    public boolean allows(String action, Image image, AuthContext caller) {
        return policy.allows(action, caller, target(image, caller, membership(image, caller)));
    }

    /** The caller's project's answer to the image being shared with it, when it is shared with it. */
    public Optional<MemberStatus> membership(Image image, AuthContext caller) {
        if (caller.projectId() == null || image.visibility() != Visibility.SHARED) {
            return Optional.empty();
        }
        return members.find(image.id(), caller.projectId()).map(m -> m.status());
    }

    public static Map<String, Object> target(Image image, AuthContext caller, Optional<MemberStatus> membership) {
        Map<String, Object> target = new HashMap<>();
        if (image.owner() != null) {
            target.put("target.project_id", image.owner());
        }
        target.put("target.visibility", image.visibility().wireName());
        if (membership.isPresent() && image.visibility() == Visibility.SHARED && caller.projectId() != null) {
            target.put("target.member_id", caller.projectId());
        }
        return target;
    }
}
