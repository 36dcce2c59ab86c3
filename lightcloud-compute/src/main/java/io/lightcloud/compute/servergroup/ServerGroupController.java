package io.lightcloud.compute.servergroup;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.quota.QuotaExceededException;
import io.lightcloud.compute.quota.QuotaLedger;
import io.lightcloud.compute.quota.QuotaLimits;
import io.lightcloud.compute.quota.QuotaResource;
import io.lightcloud.compute.scheduler.GroupConstraint;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Nova's {@code os-server-groups}; another project's group is 404. */
@RestController
@RequestMapping("/compute/v2.1/os-server-groups")
public class ServerGroupController {
    private static final Logger log = LoggerFactory.getLogger(ServerGroupController.class);
    private static final Set<String> HARD = Set.of(GroupConstraint.AFFINITY, GroupConstraint.ANTI_AFFINITY);
    private static final Set<String> SOFT = Set.of(GroupConstraint.SOFT_AFFINITY, GroupConstraint.SOFT_ANTI_AFFINITY);

    private final ServerGroupRepository groups;
    private final QuotaLedger ledger;
    private final QuotaLimits limits;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public ServerGroupController(ServerGroupRepository groups, QuotaLedger ledger, QuotaLimits limits,
            PolicyEnforcer policy, Transactions transactions) {
        this.groups = requireNonNull(groups, "groups is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-server-groups:index", caller, target(caller.projectId()));
        boolean all = isTrue(request.getParameter("all_projects"));
        if (all) {
            policy.enforce("os_compute_api:os-server-groups:index:all_projects", caller);
        }
        List<ServerGroup> found = groups.list(all ? null : requireProject(caller));
        int offset = intParam(request, "offset", 0);
        int limit = intParam(request, "limit", 1000);
        List<Map<String, Object>> views = new ArrayList<>();
        for (ServerGroup group : found.subList(Math.min(offset, found.size()),
                (int) Math.min(found.size(), (long) offset + limit))) {
            views.add(view(request, group));
        }
        return Map.of("server_groups", views);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        ServerGroup group = visible(caller, id);
        policy.enforce("os_compute_api:os-server-groups:show", caller, target(group.projectId()));
        return Map.of("server_group", view(request, group));
    }

    @PostMapping
    public Map<String, Object> create(AuthContext caller, @RequestBody JsonNode body, HttpServletRequest request) {
        String projectId = requireProject(caller);
        policy.enforce("os_compute_api:os-server-groups:create", caller, target(projectId));
        boolean v264 = ComputeApiVersion.atLeast(request, 2, 64);
        JsonFields in = JsonFields.of(body, "server_group")
                .allowOnly(v264 ? Set.of("name", "policy", "rules") : Set.of("name", "policies"));
        String name = in.requiredNonBlank("name", 255).strip();
        String groupPolicy;
        Integer maxPerHost = null;
        if (v264) {
            groupPolicy = in.requiredString("policy", 32);
            checkPolicy(groupPolicy, request);
            JsonFields rules = in.object("rules").orElse(null);
            if (rules != null && !rules.names().isEmpty()) {
                if (!groupPolicy.equals(GroupConstraint.ANTI_AFFINITY)) {
                    throw ApiException.badRequest("Only anti-affinity policy supports rules.");
                }
                rules.allowOnly(Set.of("max_server_per_host"));
                maxPerHost = rules.integer("max_server_per_host", 1, Integer.MAX_VALUE).map(Long::intValue)
                        .orElse(null);
            }
        } else {
            List<String> policies = in.stringList("policies", 32).orElseThrow(
                    () -> ApiException.badRequest("'policies' is a required property."));
            if (policies.size() != 1) {
                throw ApiException.badRequest("Invalid input for field 'server_group.policies': exactly one policy "
                        + "is required.");
            }
            groupPolicy = policies.get(0);
            checkPolicy(groupPolicy, request);
        }
        ServerGroup group = new ServerGroup(UUID.randomUUID().toString(), name, projectId, caller.userId(),
                groupPolicy, maxPerHost);
        transactions.run(() -> {
            try {
                ledger.consume(QuotaLedger.project(projectId), Map.of(QuotaResource.SERVER_GROUPS, 1L),
                        Map.of(QuotaResource.SERVER_GROUPS, limits.limit(projectId, QuotaResource.SERVER_GROUPS)));
            } catch (QuotaExceededException e) {
                throw new QuotaExceededException("Quota exceeded, too many server groups.");
            }
            groups.insert(group);
        });
        log.info("Created server group group_id={} project_id={} policy={}", group.id(), projectId, groupPolicy);
        return Map.of("server_group", view(request, group));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        ServerGroup group = visible(caller, id);
        policy.enforce("os_compute_api:os-server-groups:delete", caller, target(group.projectId()));
        transactions.run(() -> {
            if (groups.delete(id)) {
                ledger.add(QuotaLedger.project(group.projectId()), QuotaResource.SERVER_GROUPS, -1);
            }
        });
        log.info("Deleted server group group_id={}", id);
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> view(HttpServletRequest request, ServerGroup group) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        if (ComputeApiVersion.atLeast(request, 2, 64)) {
            view.put("policy", group.policy());
            view.put("rules", group.maxServerPerHost() == null ? Map.of()
                    : Map.of("max_server_per_host", group.maxServerPerHost()));
        } else {
            view.put("policies", List.of(group.policy()));
        }
        view.put("members", groups.members(group.id()));
        if (!ComputeApiVersion.atLeast(request, 2, 64)) {
            view.put("metadata", Map.of());
        }
        if (ComputeApiVersion.atLeast(request, 2, 13)) {
            view.put("project_id", group.projectId());
            view.put("user_id", group.userId());
        }
        return view;
    }

    private ServerGroup visible(AuthContext caller, String id) {
        return groups.find(id).filter(g -> caller.isAdmin() || g.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ApiException.notFound("Instance group " + id + " could not be found."));
    }

    private static void checkPolicy(String groupPolicy, HttpServletRequest request) {
        boolean soft = ComputeApiVersion.atLeast(request, 2, 15);
        if (!HARD.contains(groupPolicy) && !(soft && SOFT.contains(groupPolicy))) {
            throw ApiException.badRequest("Invalid input for field 'policy': '" + groupPolicy + "' is not one of "
                    + (soft ? "['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity']"
                    : "['anti-affinity', 'affinity']") + ".");
        }
    }

    private static String requireProject(AuthContext caller) {
        if (caller.projectId() == null) {
            throw ApiException.badRequest("Server groups belong to a project; use a project-scoped token.");
        }
        return caller.projectId();
    }

    private static Map<String, Object> target(String projectId) {
        return Map.of("target.project_id", projectId == null ? "" : projectId);
    }

    private static boolean isTrue(String value) {
        return value != null && Set.of("true", "1", "yes", "t", "y", "on").contains(value.toLowerCase(Locale.ROOT));
    }

    private static int intParam(HttpServletRequest request, String name, int fallback) {
        String value = request.getParameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw ApiException.badRequest(name + " must be >= 0");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " param must be an integer");
        }
    }
}
