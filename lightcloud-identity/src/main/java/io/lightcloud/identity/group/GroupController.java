package io.lightcloud.identity.group;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.identity.api.Faults;
import io.lightcloud.identity.api.IdentityIds;
import io.lightcloud.identity.api.IdentityLinks;
import io.lightcloud.identity.api.ListFilters;
import io.lightcloud.identity.core.Assignment.ActorType;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.DomainRepository;
import io.lightcloud.identity.core.Group;
import io.lightcloud.identity.core.GroupRepository;
import io.lightcloud.identity.core.TokenRevoker;
import io.lightcloud.identity.core.UserRepository;
import io.lightcloud.identity.user.UserViews;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/identity/v3/groups")
public class GroupController {
    private final GroupRepository groups;
    private final UserRepository users;
    private final DomainRepository domains;
    private final AssignmentRepository assignments;
    private final TransactionTemplate transactions;
    private final PolicyEnforcer policy;
    private final GroupViews views;
    private final UserViews userViews;
    private final IdentityLinks links;
    private final TokenRevoker revoker;

    public GroupController(GroupRepository groups, UserRepository users, DomainRepository domains,
            AssignmentRepository assignments, TransactionTemplate transactions, PolicyEnforcer policy,
            GroupViews views, UserViews userViews, IdentityLinks links, TokenRevoker revoker) {
        this.groups = requireNonNull(groups, "groups is null");
        this.users = requireNonNull(users, "users is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.assignments = requireNonNull(assignments, "assignments is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.views = requireNonNull(views, "views is null");
        this.userViews = requireNonNull(userViews, "userViews is null");
        this.links = requireNonNull(links, "links is null");
        this.revoker = requireNonNull(revoker, "revoker is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @RequestParam Map<String, String> params,
            HttpServletRequest request) {
        policy.enforce("identity:list_groups", caller);
        List<Map<String, Object>> items = groups.list().stream()
                .filter(ListFilters.equal(params, "name", Group::name))
                .filter(ListFilters.equal(params, "domain_id", Group::domainId))
                .map(g -> views.group(request, g)).toList();
        return links.collection(request, "groups", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:get_group", caller);
        return Map.of("group", views.group(request, find(id)));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:create_group", caller);
        JsonFields in = JsonFields.of(body, "group");
        String name = in.requiredNonBlank("name", 255);
        String domainId = domains.existingOrDefault(in.string("domain_id", 64), caller);
        Group group = new Group(IdentityIds.newId(), name, domainId, in.string("description", 1024).orElse(null));
        try {
            groups.insert(group);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("group", "Duplicate entry found with name " + name + " at domain ID " + domainId);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("group", views.group(request, group)));
    }

    @PatchMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("identity:update_group", caller);
        Group current = find(id);
        JsonFields in = JsonFields.of(body, "group");
        if (in.has("domain_id") && !current.domainId().equals(in.string("domain_id", 64).orElse(null))) {
            throw ApiException.badRequest("A group cannot be moved to another domain.");
        }
        Group updated = new Group(id, in.string("name", 255).orElse(current.name()), current.domainId(),
                in.has("description") ? in.string("description", 1024).orElse(null) : current.description());
        try {
            groups.update(updated);
        } catch (DuplicateKeyException e) {
            throw Faults.duplicate("group", "Duplicate entry found with name " + updated.name());
        }
        return Map.of("group", views.group(request, updated));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("identity:delete_group", caller);
        find(id);
        List<String> members = groups.memberIds(id);
        transactions.executeWithoutResult(status -> {
            assignments.deleteByActor(ActorType.GROUP, id);
            groups.delete(id);
        });
        members.forEach(revoker::user);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/users")
    public Map<String, Object> members(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("identity:list_users_in_group", caller);
        find(id);
        return links.collection(request, "users",
                users.listByIds(groups.memberIds(id)).stream().map(u -> userViews.user(request, u)).toList());
    }

    @PutMapping("/{id}/users/{userId}")
    public ResponseEntity<Void> addMember(AuthContext caller, @PathVariable String id, @PathVariable String userId) {
        policy.enforce("identity:add_user_to_group", caller);
        find(id);
        users.find(userId).orElseThrow(() -> Faults.notFound("user", userId));
        groups.addMember(id, userId);
        return ResponseEntity.noContent().build();
    }

    @RequestMapping(path = "/{id}/users/{userId}", method = RequestMethod.HEAD)
    public ResponseEntity<Void> checkMemberHead(AuthContext caller, @PathVariable String id,
            @PathVariable String userId) {
        return checkMember(caller, id, userId);
    }

    @GetMapping("/{id}/users/{userId}")
    public ResponseEntity<Void> checkMember(AuthContext caller, @PathVariable String id, @PathVariable String userId) {
        policy.enforce("identity:check_user_in_group", caller);
        find(id);
        users.find(userId).orElseThrow(() -> Faults.notFound("user", userId));
        if (!groups.isMember(id, userId)) {
            throw ApiException.notFound("User " + userId + " is not a member of group " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}/users/{userId}")
    public ResponseEntity<Void> removeMember(AuthContext caller, @PathVariable String id,
            @PathVariable String userId) {
        policy.enforce("identity:remove_user_from_group", caller);
        find(id);
        if (!groups.removeMember(id, userId)) {
            throw ApiException.notFound("User " + userId + " is not a member of group " + id + ".");
        }
        revoker.user(userId);
        return ResponseEntity.noContent().build();
    }

    private Group find(String id) {
        return groups.find(id).orElseThrow(() -> Faults.notFound("group", id));
    }
}
