package io.lightcloud.identity.group;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.core.GroupRepository;
import io.lightcloud.identity.core.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The groups a user belongs to: group membership seen from the user's side. */
@RestController
@RequestMapping("/identity/v3/users")
public class UserGroupController {
    private final UserRepository users;
    private final GroupRepository groups;
    private final PolicyEnforcer policy;
    private final GroupViews views;
    private final IdentityLinks links;

    public UserGroupController(UserRepository users, GroupRepository groups, PolicyEnforcer policy, GroupViews views,
            IdentityLinks links) {
        this.users = requireNonNull(users, "users is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.views = requireNonNull(views, "views is null");
        this.links = requireNonNull(links, "links is null");
    }

    @GetMapping("/{id}/groups")
    public Map<String, Object> groups(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:list_groups_for_user", caller, Map.of("target.user.id", id));
        users.find(id).orElseThrow(() -> Faults.notFound("user", id));
        return links.collection(request, "groups",
                groups.listForUser(id).stream().map(g -> views.group(request, g)).toList());
    }
}
