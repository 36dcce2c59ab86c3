package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Nova's server tags (microversion 2.26), at most 50 per server. */
@RestController
@RequestMapping("/compute/v2.1/servers/{id}/tags")
public class ServerTagController {
    private static final int MAX_TAGS = 50;

    private final InstanceRepository instances;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public ServerTagController(InstanceRepository instances, PolicyEnforcer policy, Transactions transactions) {
        this.instances = requireNonNull(instances, "instances is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> index(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        requireVersion(request);
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-server-tags:index", caller, ServerAccess.target(instance));
        return Map.of("tags", instances.tags(id));
    }

    @GetMapping("/{tag}")
    public ResponseEntity<Void> check(AuthContext caller, @PathVariable String id, @PathVariable String tag,
            HttpServletRequest request) {
        requireVersion(request);
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:os-server-tags:show", caller, ServerAccess.target(instance));
        if (!instances.tags(id).contains(tag)) {
            throw ApiException.notFound("Tag " + tag + " could not be found.");
        }
        return ResponseEntity.noContent().build();
    }

    @PutMapping
    public Map<String, Object> replace(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        requireVersion(request);
        if (body == null || !body.has("tags") || !body.get("tags").isArray()) {
            throw ApiException.badRequest("'tags' is a required property.");
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (JsonNode tag : body.get("tags")) {
            if (!tag.isString()) {
                throw ApiException.badRequest("Invalid input for field 'tags': strings are expected.");
            }
            tags.add(ServerController.tag(tag.stringValue()));
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.badRequest("The number of tags exceeded the per-server limit " + MAX_TAGS);
        }
        edit(caller, id, "os_compute_api:os-server-tags:update_all", () -> instances.replaceTags(id, tags));
        return Map.of("tags", new ArrayList<>(tags));
    }

    @PutMapping("/{tag}")
    public ResponseEntity<Void> add(AuthContext caller, @PathVariable String id, @PathVariable String tag,
            HttpServletRequest request) {
        requireVersion(request);
        ServerController.tag(tag);
        boolean[] added = new boolean[1];
        edit(caller, id, "os_compute_api:os-server-tags:update", () -> {
            List<String> current = instances.tags(id);
            if (!current.contains(tag) && current.size() >= MAX_TAGS) {
                throw ApiException.badRequest("The number of tags exceeded the per-server limit " + MAX_TAGS);
            }
            added[0] = instances.addTag(id, tag);
        });
        return ResponseEntity.status(added[0] ? HttpStatus.CREATED : HttpStatus.NO_CONTENT).build();
    }

    @DeleteMapping
    public ResponseEntity<Void> deleteAll(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        requireVersion(request);
        edit(caller, id, "os_compute_api:os-server-tags:delete_all", () -> instances.replaceTags(id, List.of()));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{tag}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id, @PathVariable String tag,
            HttpServletRequest request) {
        requireVersion(request);
        edit(caller, id, "os_compute_api:os-server-tags:delete", () -> {
            if (!instances.deleteTag(id, tag)) {
                throw ApiException.notFound("Tag " + tag + " could not be found.");
            }
        });
        return ResponseEntity.noContent().build();
    }

    private void edit(AuthContext caller, String id, String rule, Runnable change) {
        transactions.run(() -> {
            Instance instance = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce(rule, caller, ServerAccess.target(instance));
            change.run();
            instances.touch(id);
        });
    }

    private static void requireVersion(HttpServletRequest request) {
        if (!ComputeApiVersion.atLeast(request, 2, 26)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }
}
