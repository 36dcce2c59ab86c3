package io.lightcloud.compute.aggregate;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaTimes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Nova's {@code os-aggregates} (admin only): host aggregates, their hosts and metadata. Nova answers 200 where 201,
 * 202 or 204 would fit (create, delete, the host actions); clients expect exactly that. The {@code uuid} is shown
 * from microversion 2.41.
 */
@RestController
@RequestMapping("/compute/v2.1/os-aggregates")
public class AggregateController {
    private static final int NAME_LENGTH = 255;

    private final AggregateService aggregates;
    private final PolicyEnforcer policy;

    public AggregateController(AggregateService aggregates, PolicyEnforcer policy) {
        this.aggregates = requireNonNull(aggregates, "aggregates is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-aggregates:index", caller);
        return Map.of("aggregates", aggregates.list().stream().map(a -> view(a, request, true)).toList());
    }

    @PostMapping
    public Map<String, Object> create(AuthContext caller, @RequestBody JsonNode body, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-aggregates:create", caller);
        JsonFields in = JsonFields.of(body, "aggregate").allowOnly(Set.of("name", "availability_zone"));
        String name = name(in.requiredString("name", NAME_LENGTH), "aggregate/name");
        String zone = in.string("availability_zone", NAME_LENGTH).map(z -> zone(z, "aggregate/availability_zone"))
                .orElse(null);
        return Map.of("aggregate", view(aggregates.create(name, zone), request, false));
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-aggregates:show", caller);
        return Map.of("aggregate", view(aggregates.get(id(id)), request, true));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("os_compute_api:os-aggregates:update", caller);
        long aggregateId = id(id);
        JsonFields in = JsonFields.of(body, "aggregate").allowOnly(Set.of("name", "availability_zone"));
        if (in.names().isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'aggregate': it must name 'name' or "
                    + "'availability_zone'.");
        }
        String name = in.string("name", NAME_LENGTH).map(n -> name(n, "aggregate/name")).orElse(null);
        boolean changeZone = in.has("availability_zone");
        String zone = in.string("availability_zone", NAME_LENGTH).map(z -> zone(z, "aggregate/availability_zone"))
                .orElse(null);
        return Map.of("aggregate", view(aggregates.update(aggregateId, name, changeZone, zone), request, true));
    }

    @DeleteMapping("/{id}")
    public void delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("os_compute_api:os-aggregates:delete", caller);
        aggregates.delete(id(id));
    }

    @PostMapping("/{id}/action")
    public Map<String, Object> action(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiException.badRequest("The action body names exactly one of add_host, remove_host, "
                    + "set_metadata.");
        }
        String action = body.propertyNames().iterator().next();
        Aggregate result = switch (action) {
            case "add_host" -> {
                policy.enforce("os_compute_api:os-aggregates:add_host", caller);
                yield aggregates.addHost(id(id), host(body, action));
            }
            case "remove_host" -> {
                policy.enforce("os_compute_api:os-aggregates:remove_host", caller);
                yield aggregates.removeHost(id(id), host(body, action));
            }
            case "set_metadata" -> {
                policy.enforce("os_compute_api:os-aggregates:set_metadata", caller);
                yield aggregates.setMetadata(id(id), metadata(body));
            }
            default -> throw ApiException.badRequest("Unknown aggregate action '" + action + "'.");
        };
        return Map.of("aggregate", view(result, request, true));
    }

    private static String host(JsonNode body, String action) {
        return JsonFields.of(body, action).allowOnly(Set.of("host")).requiredNonBlank("host", NAME_LENGTH);
    }

    private static Map<String, String> metadata(JsonNode body) {
        JsonFields in = JsonFields.of(body, "set_metadata").allowOnly(Set.of("metadata"));
        JsonFields items = in.object("metadata")
                .orElseThrow(() -> ApiException.badRequest("'set_metadata/metadata' is a required property."));
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String key : items.names()) {
            if (key.isEmpty() || key.length() > NAME_LENGTH) {
                throw ApiException.badRequest("Invalid input for field 'set_metadata/metadata': a key must be 1 to "
                        + NAME_LENGTH + " characters.");
            }
            Optional<String> value = items.string(key, NAME_LENGTH);
            metadata.put(key, value.map(v -> key.equals(Aggregate.ZONE_KEY)
                    ? zone(v, "set_metadata/metadata/" + key) : v).orElse(null));
        }
        return metadata;
    }

    private static String name(String value, String field) {
        if (value.isBlank() || !value.strip().equals(value)) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': it must not be empty nor start "
                    + "or end with white space.");
        }
        return value;
    }

    /** A zone name; ':' is refused because servers name a forced host as {@code zone:host}. */
    private static String zone(String value, String field) {
        name(value, field);
        if (value.contains(":")) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': an availability zone name may "
                    + "not contain ':'.");
        }
        return value;
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("Aggregate " + id + " could not be found.");
        }
    }

    /** Nova's aggregate view; the create answer leaves out hosts and metadata, as Nova's does. */
    private static Map<String, Object> view(Aggregate aggregate, HttpServletRequest request, boolean members) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("availability_zone", aggregate.availabilityZone());
        view.put("created_at", NovaTimes.micros(aggregate.createdAt()));
        view.put("deleted", false);
        view.put("deleted_at", null);
        if (members) {
            view.put("hosts", aggregate.hosts());
        }
        view.put("id", aggregate.id());
        if (members) {
            view.put("metadata", aggregate.metadata());
        }
        view.put("name", aggregate.name());
        view.put("updated_at", NovaTimes.micros(aggregate.updatedAt()));
        if (ComputeApiVersion.atLeast(request, 2, 41)) {
            view.put("uuid", aggregate.uuid());
        }
        return view;
    }
}
