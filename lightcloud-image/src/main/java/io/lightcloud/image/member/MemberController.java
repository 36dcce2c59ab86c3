package io.lightcloud.image.member;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.image.access.ImageAccess;
import io.lightcloud.image.api.ImageViews;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageMember;
import io.lightcloud.image.core.ImageMemberRepository;
import io.lightcloud.image.core.MemberStatus;
import io.lightcloud.image.core.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
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
 * Sharing: the owner of a shared image adds projects as members; each member accepts or rejects it, and only
 * accepted shares appear in the member's image list. A member sees its own membership, the owner all of them.
 */
@RestController
@RequestMapping("/image/v2/images/{id}/members")
public class MemberController {
    private static final Logger log = LoggerFactory.getLogger(MemberController.class);
    static final int MAX_MEMBERS = 128;

    private final ImageMemberRepository members;
    private final ImageAccess access;
    private final PolicyEnforcer policy;

    public MemberController(ImageMemberRepository members, ImageAccess access, PolicyEnforcer policy) {
        this.members = requireNonNull(members, "members is null");
        this.access = requireNonNull(access, "access is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @PostMapping
    public Map<String, Object> add(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        Image image = sharedImage(id, caller);
        access.enforce("image:add_member", image, caller);
        if (body == null || !body.isObject() || !body.has("member")) {
            throw ApiException.badRequest("Member to be added not specified");
        }
        JsonNode member = body.get("member");
        if (!member.isString() || member.stringValue().isBlank()) {
            throw ApiException.badRequest("Member can't be empty");
        }
        if (member.stringValue().length() > 255) {
            throw ApiException.badRequest("A member id is at most 255 characters long.");
        }
        if (members.count(id) >= MAX_MEMBERS) {
            throw ApiException.payloadTooLarge("Image member limit exceeded for image " + id + ": the limit is "
                    + MAX_MEMBERS + ".");
        }
        Instant now = Instant.now();
        ImageMember created = new ImageMember(id, member.stringValue(), MemberStatus.PENDING, now, now);
        try {
            members.insert(created);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Member " + created.memberId() + " is duplicated for image " + id);
        }
        log.info("Image shared image_id={} member_id={}", id, created.memberId());
        return ImageViews.member(created);
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable String id) {
        Image image = sharedImage(id, caller);
        access.enforce("image:get_members", image, caller);
        boolean seesAll = caller.isAdmin() || (image.owner() != null && image.owner().equals(caller.projectId()));
        List<Map<String, Object>> views = members.list(id).stream()
                .filter(m -> seesAll || m.memberId().equals(caller.projectId()))
                .map(ImageViews::member).toList();
        return Map.of("members", views, "schema", "/v2/schemas/members");
    }

    @GetMapping("/{memberId}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, @PathVariable String memberId) {
        Image image = sharedImage(id, caller);
        if (!policy.allows("image:get_member", caller, memberTarget(image, memberId))) {
            throw notAMember(id, memberId);
        }
        return ImageViews.member(members.find(id, memberId).orElseThrow(() -> notAMember(id, memberId)));
    }

    @PutMapping("/{memberId}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @PathVariable String memberId,
            @RequestBody JsonNode body) {
        Image image = sharedImage(id, caller);
        ImageMember member = members.find(id, memberId).orElseThrow(() -> notAMember(id, memberId));
        policy.enforce("image:modify_member", caller, memberTarget(image, memberId));
        if (body == null || !body.isObject() || !body.has("status")) {
            throw ApiException.badRequest("Status not specified");
        }
        JsonNode requested = body.get("status");
        MemberStatus status = requested.isString() ? MemberStatus.fromWire(requested.stringValue()).orElse(null) : null;
        if (status == null) {
            throw ApiException.badRequest("Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\".");
        }
        Instant now = Instant.now();
        if (!members.updateStatus(id, memberId, status, now)) {
            throw notAMember(id, memberId);
        }
        log.info("Image membership answered image_id={} member_id={} status={}", id, memberId, status.wireName());
        return ImageViews.member(new ImageMember(id, memberId, status, member.createdAt(), now));
    }

    @DeleteMapping("/{memberId}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id, @PathVariable String memberId) {
        Image image = sharedImage(id, caller);
        access.enforce("image:delete_member", image, caller);
        if (!members.delete(id, memberId)) {
            throw notAMember(id, memberId);
        }
        log.info("Image unshared image_id={} member_id={}", id, memberId);
        return ResponseEntity.noContent().build();
    }

    private Image sharedImage(String id, AuthContext caller) {
        Image image = access.visible(id, caller);
        if (image.visibility() != Visibility.SHARED) {
            throw ApiException.forbidden("Only shared images have members.");
        }
        return image;
    }

    /** The target of rules about one membership: the image's owner and the member project in question. */
    private static Map<String, Object> memberTarget(Image image, String memberId) {
        return image.owner() == null ? Map.of("target.member_id", memberId)
                : Map.of("target.project_id", image.owner(), "target.member_id", memberId);
    }

    private static ApiException notAMember(String id, String memberId) {
        return ApiException.notFound(memberId + " not found in the member list of the image " + id + ".");
    }
}
