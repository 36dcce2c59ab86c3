package io.lightcloud.loadtest.pool;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.loadtest.LoadtestSettings;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The admin's view of the executor pool: creating an executor answers its credential once (only a hash is kept),
 * listing shows who is alive and what it can take, deleting revokes the credential.
 */
@RestController
@RequestMapping("/lightcloud/v1/loadtest/executors")
public class ExecutorAdminController {
    private final ExecutorRepository executors;
    private final PolicyEnforcer policy;
    private final LoadtestSettings settings;

    public ExecutorAdminController(ExecutorRepository executors, PolicyEnforcer policy, LoadtestSettings settings) {
        this.executors = requireNonNull(executors, "executors is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body) {
        policy.enforce("loadtest:executor:create", caller);
        JsonFields in = JsonFields.of(body, "executor").allowOnly(Set.of("name"));
        String name = in.requiredNonBlank("name", 255);
        String id = UUID.randomUUID().toString();
        String secret = ExecutorCredentials.newSecret();
        executors.create(id, name, ExecutorCredentials.hash(secret), false);
        Map<String, Object> view = view(executors.find(id).orElseThrow());
        view.put("credential", id + ":" + secret);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("executor", view));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller) {
        policy.enforce("loadtest:executor:list", caller);
        return Map.of("executors", executors.list().stream().map(this::view).toList());
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("loadtest:executor:delete", caller);
        if (!executors.delete(id)) {
            throw ApiException.notFound("Executor " + id + " could not be found.");
        }
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> view(ExecutorView e) {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(settings.executorLostAfter());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("name", e.name());
        view.put("hostname", e.hostname());
        view.put("capacity_users", e.capacityUsers());
        view.put("capacity_rate", e.capacityRate());
        view.put("state", e.registeredAt() == null ? "never_registered"
                : e.lastSeenAt() != null && e.lastSeenAt().isAfter(cutoff) ? "up" : "down");
        view.put("last_seen_at", e.lastSeenAt() == null ? null : Timestamps.seconds(e.lastSeenAt().toInstant()));
        view.put("created_at", Timestamps.seconds(e.createdAt().toInstant()));
        return view;
    }
}
