package io.lightcloud.compute.flavor;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaLinks;
import io.lightcloud.compute.api.NovaPage;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
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

/** Nova's flavors, flavor extra specs and flavor access lists. */
@RestController
@RequestMapping("/compute/v2.1/flavors")
public class FlavorController {
    private static final Logger log = LoggerFactory.getLogger(FlavorController.class);
    private static final Pattern ID = Pattern.compile("^(?! )[a-zA-Z0-9. _-]+(?<! )$");
    private static final Pattern SPEC_KEY = Pattern.compile("^[a-zA-Z0-9-_:. ]{1,255}$");
    private static final Set<String> CREATE_FIELDS = Set.of("name", "id", "ram", "vcpus", "disk",
            "OS-FLV-EXT-DATA:ephemeral", "swap", "rxtx_factor", "os-flavor-access:is_public", "description");
    private static final Map<String, Function<Flavor, Comparable<?>>> SORT_KEYS = Map.ofEntries(
            Map.entry("flavorid", Flavor::id), Map.entry("id", Flavor::id), Map.entry("name", Flavor::name),
            Map.entry("memory_mb", Flavor::memoryMb), Map.entry("vcpus", Flavor::vcpus),
            Map.entry("root_gb", Flavor::rootGb), Map.entry("ephemeral_gb", Flavor::ephemeralGb),
            Map.entry("swap", Flavor::swapMb), Map.entry("rxtx_factor", Flavor::rxtxFactor),
            Map.entry("is_public", Flavor::isPublic), Map.entry("disabled", Flavor::disabled),
            Map.entry("description", f -> f.description() == null ? "" : f.description()),
            Map.entry("created_at", Flavor::id), Map.entry("updated_at", Flavor::id),
            Map.entry("vcpu_weight", Flavor::id));

    private final FlavorRepository flavors;
    private final FlavorAccess access;
    private final FlavorViews views;
    private final NovaLinks links;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public FlavorController(FlavorRepository flavors, FlavorAccess access, FlavorViews views, NovaLinks links,
            PolicyEnforcer policy, Transactions transactions) {
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.access = requireNonNull(access, "access is null");
        this.views = requireNonNull(views, "views is null");
        this.links = requireNonNull(links, "links is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> index(AuthContext caller, HttpServletRequest request) {
        return list(caller, request, false);
    }

    @GetMapping("/detail")
    public Map<String, Object> detail(AuthContext caller, HttpServletRequest request) {
        return list(caller, request, true);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        Flavor flavor = access.require(id, caller);
        return Map.of("flavor", views.detail(request, flavor, showExtraSpecs(caller)));
    }

    @PostMapping
    public Map<String, Object> create(AuthContext caller, @RequestBody JsonNode body, HttpServletRequest request) {
        policy.enforce("os_compute_api:os-flavor-manage:create", caller);
        JsonFields in = JsonFields.of(body, "flavor").allowOnly(CREATE_FIELDS);
        if (in.has("description") && !ComputeApiVersion.atLeast(request, 2, 55)) {
            throw ApiException.badRequest("Additional property 'description' is not allowed in 'flavor' before "
                    + "microversion 2.55.");
        }
        String name = in.requiredString("name", 255).strip();
        if (name.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'flavor.name': it must not be empty.");
        }
        String id = flavorId(in);
        int ram = (int) in.integer("ram", 1, Integer.MAX_VALUE).orElseThrow(() -> required("ram")).longValue();
        int vcpus = (int) in.integer("vcpus", 1, Integer.MAX_VALUE).orElseThrow(() -> required("vcpus")).longValue();
        int disk = (int) in.integer("disk", 0, Integer.MAX_VALUE).orElseThrow(() -> required("disk")).longValue();
        int ephemeral = in.integer("OS-FLV-EXT-DATA:ephemeral", 0, Integer.MAX_VALUE).orElse(0L).intValue();
        int swap = in.integer("swap", 0, Integer.MAX_VALUE).orElse(0L).intValue();
        double rxtx = rxtxFactor(in.raw().get("rxtx_factor"));
        boolean isPublic = publicFlag(in.raw().get("os-flavor-access:is_public"));
        String description = in.string("description", 65535).orElse(null);
        Flavor flavor = new Flavor(id, name, vcpus, ram, disk, ephemeral, swap, rxtx, isPublic, false, description,
                Map.of());
        if (flavors.nameExists(name)) {
            throw ApiException.conflict("Flavor with name " + name + " already exists.");
        }
        try {
            transactions.run(() -> flavors.insert(flavor));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict(flavors.nameExists(name) ? "Flavor with name " + name + " already exists."
                    : "Flavor with ID " + id + " already exists.");
        }
        log.info("Created flavor flavor_id={} name={} vcpus={} ram_mb={} disk_gb={} public={}", id, name, vcpus, ram,
                disk, isPublic);
        return Map.of("flavor", views.detail(request, flavor, showExtraSpecs(caller)));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        if (!ComputeApiVersion.atLeast(request, 2, 55)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        policy.enforce("os_compute_api:os-flavor-manage:update", caller);
        JsonFields in = JsonFields.of(body, "flavor").allowOnly(Set.of("description"));
        if (!in.has("description")) {
            throw ApiException.badRequest("'description' is a required property.");
        }
        String description = in.string("description", 65535).orElse(null);
        Flavor flavor = access.require(id, caller);
        flavors.updateDescription(id, description);
        return Map.of("flavor", views.detail(request, flavor.withDescription(description), showExtraSpecs(caller)));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        policy.enforce("os_compute_api:os-flavor-manage:delete", caller);
        if (!flavors.delete(id)) {
            throw FlavorAccess.notFound(id);
        }
        log.info("Deleted flavor flavor_id={}", id);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/{id}/os-extra_specs")
    public Map<String, Object> extraSpecs(AuthContext caller, @PathVariable String id) {
        policy.enforce("os_compute_api:os-flavor-extra-specs:index", caller, Map.of("target.project_id",
                caller.projectId() == null ? "" : caller.projectId()));
        Flavor flavor = access.require(id, caller);
        return Map.of("extra_specs", flavor.extraSpecs());
    }

    @PostMapping("/{id}/os-extra_specs")
    public Map<String, Object> createExtraSpecs(AuthContext caller, @PathVariable String id,
            @RequestBody JsonNode body) {
        policy.enforce("os_compute_api:os-flavor-extra-specs:create", caller);
        Map<String, String> specs = specs(body);
        access.require(id, caller);
        transactions.run(() -> flavors.putExtraSpecs(id, specs));
        return Map.of("extra_specs", specs);
    }

    @GetMapping("/{id}/os-extra_specs/{key}")
    public Map<String, Object> extraSpec(AuthContext caller, @PathVariable String id, @PathVariable String key) {
        policy.enforce("os_compute_api:os-flavor-extra-specs:show", caller, Map.of("target.project_id",
                caller.projectId() == null ? "" : caller.projectId()));
        Flavor flavor = access.require(id, caller);
        String value = flavor.extraSpecs().get(key);
        if (value == null) {
            throw ApiException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
        }
        return Map.of(key, value);
    }

    @PutMapping("/{id}/os-extra_specs/{key}")
    public Map<String, Object> updateExtraSpec(AuthContext caller, @PathVariable String id, @PathVariable String key,
            @RequestBody JsonNode body) {
        policy.enforce("os_compute_api:os-flavor-extra-specs:update", caller);
        Map<String, String> specs = specValues(body, "the request body");
        if (specs.size() != 1 || !specs.containsKey(key)) {
            throw ApiException.badRequest("The request body must hold exactly the key " + key + " of the URL.");
        }
        access.require(id, caller);
        transactions.run(() -> flavors.putExtraSpecs(id, specs));
        return Map.of(key, specs.get(key));
    }

    @DeleteMapping("/{id}/os-extra_specs/{key}")
    public ResponseEntity<Void> deleteExtraSpec(AuthContext caller, @PathVariable String id,
            @PathVariable String key) {
        policy.enforce("os_compute_api:os-flavor-extra-specs:delete", caller);
        access.require(id, caller);
        if (!flavors.deleteExtraSpec(id, key)) {
            throw ApiException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
        }
        return ResponseEntity.ok().build();
    }

    @GetMapping("/{id}/os-flavor-access")
    public Map<String, Object> accessList(AuthContext caller, @PathVariable String id) {
        policy.enforce("os_compute_api:os-flavor-access", caller);
        Flavor flavor = access.require(id, caller);
        if (flavor.isPublic()) {
            throw ApiException.notFound("Access list not available for public flavors.");
        }
        return accessView(id);
    }

    @PostMapping("/{id}/action")
    public ResponseEntity<Map<String, Object>> action(AuthContext caller, @PathVariable String id,
            @RequestBody JsonNode body) {
        if (body != null && body.has("addTenantAccess")) {
            policy.enforce("os_compute_api:os-flavor-access:add_tenant_access", caller);
            String project = JsonFields.of(body, "addTenantAccess").requiredNonBlank("tenant", 255);
            Flavor flavor = access.require(id, caller);
            if (flavor.isPublic()) {
                throw ApiException.conflict("Can not add access to a public flavor.");
            }
            try {
                transactions.run(() -> flavors.addAccess(id, project));
            } catch (DuplicateKeyException e) {
                throw ApiException.conflict("Flavor access already exists for flavor " + id + " and project "
                        + project + " combination.");
            }
            return ResponseEntity.ok(accessView(id));
        }
        if (body != null && body.has("removeTenantAccess")) {
            policy.enforce("os_compute_api:os-flavor-access:remove_tenant_access", caller);
            String project = JsonFields.of(body, "removeTenantAccess").requiredNonBlank("tenant", 255);
            access.require(id, caller);
            if (!flavors.removeAccess(id, project)) {
                throw ApiException.notFound("Flavor access not found for " + id + " / " + project + " combination.");
            }
            return ResponseEntity.ok(accessView(id));
        }
        throw ApiException.badRequest("The flavor action must be addTenantAccess or removeTenantAccess.");
    }

    private Map<String, Object> list(AuthContext caller, HttpServletRequest request, boolean detail) {
        NovaPage page = NovaPage.of(request);
        Boolean wantPublic = publicFilter(request.getParameter("is_public"), caller);
        long minRam = minimum(request, "minRam");
        long minDisk = minimum(request, "minDisk");
        Set<String> accessible = caller.projectId() == null ? Set.of()
                : new HashSet<>(flavors.flavorsAccessibleTo(caller.projectId()));
        List<Flavor> visible = flavors.list().stream()
                .filter(f -> !f.disabled() || caller.isAdmin())
                .filter(f -> caller.isAdmin() ? matchesAdminFilter(f, wantPublic, accessible)
                        : f.isPublic() || accessible.contains(f.id()))
                .filter(f -> f.memoryMb() >= minRam && f.rootGb() >= minDisk)
                .sorted(order(request))
                .toList();
        List<Flavor> items = cut(visible, page);
        boolean specs = showExtraSpecs(caller);
        List<Map<String, Object>> views = new ArrayList<>();
        for (Flavor flavor : items) {
            views.add(detail ? this.views.detail(request, flavor, specs) : this.views.basic(request, flavor));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flavors", views);
        List<Map<String, Object>> next = links.next(request, detail ? "flavors/detail" : "flavors", page,
                items.size(), items.isEmpty() ? null : items.get(items.size() - 1).id());
        if (!next.isEmpty()) {
            body.put("flavors_links", next);
        }
        return body;
    }

    private static boolean matchesAdminFilter(Flavor f, Boolean wantPublic, Set<String> accessible) {
        if (wantPublic == null) {
            return true;
        }
        return wantPublic ? f.isPublic() || accessible.contains(f.id()) : !f.isPublic();
    }

    /** Nova's {@code is_public}: true by default, {@code none} for all flavors (which only the admin gets). */
    private static Boolean publicFilter(String value, AuthContext caller) {
        if (value == null || !caller.isAdmin()) {
            return Boolean.TRUE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> null;
            case "true", "t", "1", "yes", "y", "on" -> Boolean.TRUE;
            case "false", "f", "0", "no", "n", "off" -> Boolean.FALSE;
            default -> throw ApiException.badRequest("Invalid is_public filter [" + value + "]");
        };
    }

    private static long minimum(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid " + name + " filter [" + value + "]");
        }
    }

    private static Comparator<Flavor> order(HttpServletRequest request) {
        String[] keys = request.getParameterValues("sort_key");
        String[] dirs = request.getParameterValues("sort_dir");
        String key = keys == null ? "flavorid" : keys[0];
        String dir = dirs == null ? "asc" : dirs[0];
        Function<Flavor, Comparable<?>> extractor = SORT_KEYS.get(key);
        if (extractor == null) {
            throw ApiException.badRequest("Invalid input for query parameters sort_key. Value: " + key + ".");
        }
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ApiException.badRequest("Invalid input for query parameters sort_dir. Value: " + dir + ".");
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<Flavor> byKey = Comparator.comparing(f -> (Comparable) extractor.apply(f));
        return (dir.equals("asc") ? byKey : byKey.reversed()).thenComparing(Flavor::id);
    }

    private static List<Flavor> cut(List<Flavor> sorted, NovaPage page) {
        int start = 0;
        if (page.marker() != null) {
            int index = -1;
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).id().equals(page.marker())) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw ApiException.badRequest("marker [" + page.marker() + "] not found");
            }
            start = index + 1;
        }
        return sorted.subList(start, Math.min(sorted.size(), start + page.limit()));
    }

    private boolean showExtraSpecs(AuthContext caller) {
        return policy.allows("os_compute_api:os-flavor-extra-specs:index", caller,
                Map.of("target.project_id", caller.projectId() == null ? "" : caller.projectId()));
    }

    private Map<String, Object> accessView(String flavorId) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String project : flavors.accessProjects(flavorId)) {
            entries.add(Map.of("flavor_id", flavorId, "tenant_id", project));
        }
        return Map.of("flavor_access", entries);
    }

    private static String flavorId(JsonFields in) {
        JsonNode id = in.raw().get("id");
        if (id == null || id.isNull() || (id.isString() && id.stringValue().equals("auto"))) {
            return UUID.randomUUID().toString();
        }
        String text = id.isNumber() ? id.asString() : id.isString() ? id.stringValue() : null;
        if (text == null || text.isEmpty() || text.length() > 255 || !ID.matcher(text).matches()) {
            throw ApiException.badRequest("Invalid input for field 'flavor.id': " + id
                    + " must be 1-255 letters, digits, '.', '_', '-' or inner spaces.");
        }
        return text;
    }

    private static double rxtxFactor(JsonNode value) {
        if (value == null || value.isNull()) {
            return 1.0;
        }
        double factor;
        if (value.isNumber()) {
            factor = value.doubleValue();
        } else if (value.isString() && value.stringValue().matches("^[0-9]+(\\.[0-9]+)?$")) {
            factor = Double.parseDouble(value.stringValue());
        } else {
            throw ApiException.badRequest("Invalid input for field 'flavor.rxtx_factor': " + value
                    + " is not a positive number.");
        }
        if (factor <= 0) {
            throw ApiException.badRequest("Invalid input for field 'flavor.rxtx_factor': it must be above 0.");
        }
        return factor;
    }

    private static boolean publicFlag(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            switch (value.stringValue().toLowerCase(Locale.ROOT)) {
                case "true", "t", "1", "yes", "y", "on":
                    return true;
                case "false", "f", "0", "no", "n", "off":
                    return false;
                default:
                    break;
            }
        }
        throw ApiException.badRequest("Invalid input for field 'flavor.os-flavor-access:is_public': " + value
                + " is not a boolean.");
    }

    private static Map<String, String> specs(JsonNode body) {
        if (body == null || !body.has("extra_specs")) {
            throw ApiException.badRequest("'extra_specs' is a required property.");
        }
        return specValues(body.get("extra_specs"), "extra_specs");
    }

    private static Map<String, String> specValues(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("Invalid input for field '" + where + "': it must be an object.");
        }
        Map<String, String> specs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (!SPEC_KEY.matcher(key).matches()) {
                throw ApiException.badRequest("Invalid extra spec key '" + key + "': 1-255 letters, digits, "
                        + "'-', '_', ':', '.' or spaces.");
            }
            String text = value.isString() ? value.stringValue()
                    : value.isNumber() || value.isBoolean() ? value.asString() : null;
            if (text == null || text.length() > 255) {
                throw ApiException.badRequest("Invalid value for extra spec '" + key + "': a string of at most 255 "
                        + "characters is expected.");
            }
            if (key.equals(HaPolicy.KEY) && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw ApiException.badRequest("Invalid value for extra spec '" + key + "': true or false.");
            }
            specs.put(key, text);
        }
        return specs;
    }

    private static ApiException required(String field) {
        return ApiException.badRequest("'" + field + "' is a required property.");
    }
}
