package io.lightcloud.network.tag;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v2.0/{resource}/{id}/tags}: the standard-attr-tag extension for every taggable resource. A caller changes
 * the tags of what it may update, and reads those of what it sees.
 */
@RestController
public class TagController {
    private static final String BASE = "/network/v2.0/{collection}/{id}/tags";

    private final Map<String, TaggedResource> resources;
    private final TagRepository tags;
    private final JdbcClient jdbc;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;

    /**
     * One kind of taggable resource: its collection, its table (whose revision a tag change bumps, as Neutron's
     * does), its update rule, and how to find its owning project as a caller sees it.
     */
    public record TaggedResource(String collection, String table, String updateAction,
            BiFunction<AuthContext, String, String> visibleProject) {
    }

    public TagController(List<TaggedResource> resources, TagRepository tags, JdbcClient jdbc, NeutronPolicy policy,
            NetworkTransactions transactions, NetworkGeneration generation) {
        this.resources = resources.stream().collect(Collectors.toUnmodifiableMap(
                TaggedResource::collection, r -> r));
        this.tags = requireNonNull(tags, "tags is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
    }

    @GetMapping(BASE)
    public Map<String, Object> list(AuthContext caller, @PathVariable String collection, @PathVariable String id) {
        visibleProject(caller, collection, id);
        return Map.of("tags", tags.tags(id));
    }

    @GetMapping(BASE + "/{tag}")
    public ResponseEntity<Void> check(AuthContext caller, @PathVariable String collection, @PathVariable String id,
            @PathVariable String tag) {
        visibleProject(caller, collection, id);
        if (!tags.tags(id).contains(tag)) {
            throw tagNotFound(id, tag);
        }
        return ResponseEntity.noContent().build();
    }

    @PutMapping(BASE)
    public Map<String, Object> replace(AuthContext caller, @PathVariable String collection, @PathVariable String id,
            @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw NeutronFaults.badRequest("The request body must be a JSON object with 'tags'.");
        }
        List<String> requested = JsonFields.ofObject(body, "body").stringList("tags", 255)
                .orElseThrow(() -> NeutronFaults.badRequest("'tags' is a required property."));
        List<String> unique = List.copyOf(new LinkedHashSet<>(requested));
        change(caller, collection, id, () -> {
            tags.removeAll(id);
            unique.forEach(tag -> tags.add(id, tag));
        });
        return Map.of("tags", tags.tags(id));
    }

    @PutMapping(BASE + "/{tag}")
    public ResponseEntity<Void> add(AuthContext caller, @PathVariable String collection, @PathVariable String id,
            @PathVariable String tag) {
        if (tag.isEmpty() || tag.length() > 255 || tag.contains(",")) {
            throw NeutronFaults.invalidInput("'" + tag + "' is not a valid tag.");
        }
        change(caller, collection, id, () -> tags.add(id, tag));
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @DeleteMapping(BASE)
    public ResponseEntity<Void> removeAll(AuthContext caller, @PathVariable String collection,
            @PathVariable String id) {
        change(caller, collection, id, () -> tags.removeAll(id));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping(BASE + "/{tag}")
    public ResponseEntity<Void> remove(AuthContext caller, @PathVariable String collection, @PathVariable String id,
            @PathVariable String tag) {
        change(caller, collection, id, () -> {
            if (!tags.remove(id, tag)) {
                throw tagNotFound(id, tag);
            }
        });
        return ResponseEntity.noContent().build();
    }

    private void change(AuthContext caller, String collection, String id, Runnable work) {
        transactions.run(() -> {
            String project = visibleProject(caller, collection, id);
            TaggedResource resource = resources.get(collection);
            policy.enforce(resource.updateAction(), caller, project);
            work.run();
            jdbc.sql("UPDATE " + resource.table() + " SET revision_number = revision_number + 1, updated_at = ?"
                    + " WHERE id = ?").params(Timestamp.from(Instant.now()), id).update();
            generation.bump();
        });
    }

    private String visibleProject(AuthContext caller, String collection, String id) {
        TaggedResource resource = resources.get(collection);
        if (resource == null) {
            throw NeutronFaults.notFound("Resource", collection);
        }
        return resource.visibleProject().apply(caller, id);
    }

    private static RuntimeException tagNotFound(String id, String tag) {
        return new ApiException(404, "Tag " + tag + " could not be found for resource "
                + id + ".", "TagNotFound");
    }
}
