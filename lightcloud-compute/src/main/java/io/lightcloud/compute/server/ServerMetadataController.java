package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.quota.QuotaLimits;
import io.lightcloud.compute.quota.QuotaResource;
import io.lightcloud.compute.store.Transactions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
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
 * Nova's server metadata. The item count is checked against the project's {@code metadata_items} quota under the
 * server's row lock, so concurrent updates cannot exceed it.
 */
@RestController
@RequestMapping("/compute/v2.1/servers/{id}/metadata")
public class ServerMetadataController {
    private final InstanceRepository instances;
    private final QuotaLimits limits;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public ServerMetadataController(InstanceRepository instances, QuotaLimits limits, PolicyEnforcer policy,
            Transactions transactions) {
        this.instances = requireNonNull(instances, "instances is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> index(AuthContext caller, @PathVariable String id) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:server-metadata:index", caller, ServerAccess.target(instance));
        return Map.of("metadata", instances.metadata(id));
    }

    @GetMapping("/{key}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, @PathVariable String key) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:server-metadata:show", caller, ServerAccess.target(instance));
        String value = instances.metadata(id).get(key);
        if (value == null) {
            throw ApiException.notFound("Metadata item was not found");
        }
        return Map.of("meta", Map.of(key, value));
    }

    /** Merges items into the metadata. */
    @PostMapping
    public Map<String, Object> create(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        Map<String, String> items = metadata(JsonFields.of(body, "metadata"));
        return Map.of("metadata", change(caller, id, "os_compute_api:server-metadata:create", (instance, current) -> {
            current.putAll(items);
            instances.putMetadata(id, items);
        }));
    }

    /** Replaces the metadata. */
    @PutMapping
    public Map<String, Object> replace(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body) {
        Map<String, String> items = metadata(JsonFields.of(body, "metadata"));
        return Map.of("metadata", change(caller, id, "os_compute_api:server-metadata:update_all",
                (instance, current) -> {
                    current.clear();
                    current.putAll(items);
                    instances.replaceMetadata(id, items);
                }));
    }

    @PutMapping("/{key}")
    public Map<String, Object> put(AuthContext caller, @PathVariable String id, @PathVariable String key,
            @RequestBody JsonNode body) {
        Map<String, String> items = metadata(JsonFields.of(body, "meta"));
        if (items.size() != 1) {
            throw ApiException.badRequest("Request body contains too many items");
        }
        if (!items.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        change(caller, id, "os_compute_api:server-metadata:update", (instance, current) -> {
            current.putAll(items);
            instances.putMetadata(id, items);
        });
        return Map.of("meta", items);
    }

    @DeleteMapping("/{key}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id, @PathVariable String key) {
        change(caller, id, "os_compute_api:server-metadata:delete", (instance, current) -> {
            if (!instances.deleteMetadata(id, key)) {
                throw ApiException.notFound("Metadata item was not found");
            }
            current.remove(key);
        });
        return ResponseEntity.noContent().build();
    }

    private Map<String, String> change(AuthContext caller, String id, String rule,
            BiConsumer<Instance, Map<String, String>> edit) {
        return transactions.run(() -> {
            Instance instance = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce(rule, caller, ServerAccess.target(instance));
            if (instance.locked() && !caller.isAdmin()) {
                throw ServerAccess.locked(instance);
            }
            Map<String, String> current = new LinkedHashMap<>(instances.metadata(id));
            edit.accept(instance, current);
            long limit = limits.limit(instance.projectId(), QuotaResource.METADATA_ITEMS);
            if (limit >= 0 && current.size() > limit) {
                throw ApiException.forbidden("Quota exceeded for metadata items: the limit is " + limit + ".");
            }
            instances.touch(id);
            return current;
        });
    }

    /** Nova's metadata rules: string keys of 1-255 characters, string values of up to 255. */
    static Map<String, String> metadata(JsonFields in) {
        Map<String, String> items = new LinkedHashMap<>();
        if (in == null) {
            return items;
        }
        for (Map.Entry<String, JsonNode> entry : in.raw().properties()) {
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > 255) {
                throw ApiException.badRequest("Invalid metadata key '" + key + "': 1-255 characters.");
            }
            JsonNode value = entry.getValue();
            if (!value.isString() || value.stringValue().length() > 255) {
                throw ApiException.badRequest("Invalid metadata value for '" + key + "': a string of at most 255 "
                        + "characters.");
            }
            items.put(key, value.stringValue());
        }
        return items;
    }
}
