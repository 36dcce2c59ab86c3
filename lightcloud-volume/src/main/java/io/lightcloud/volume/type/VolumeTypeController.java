package io.lightcloud.volume.type;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.api.VolumeFaults;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /types}: volume types and their extra specs. Reading is open to every user; changing is for admins. */
@RestController
@RequestMapping("/volume/v3/{project_id}/types")
public class VolumeTypeController {
    /** The extra specs Cinder shows to users who may not read all of them. */
    private static final Set<String> USER_VISIBLE_SPECS = Set.of("multiattach", "RESKEY:availability_zones",
            "replication_enabled");
    private static final String ACCESS_IS_PUBLIC = "os-volume-type-access:is_public";

    private final VolumeTypeRepository repository;
    private final VolumeTypes types;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public VolumeTypeController(VolumeTypeRepository repository, VolumeTypes types, CinderRequests requests,
            PolicyEnforcer policy, TransactionTemplate transactions) {
        this.repository = requireNonNull(repository, "repository is null");
        this.types = requireNonNull(types, "types is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:type_get_all", caller);
        Boolean isPublic = publicFilter(call, params.get("is_public"));
        List<Map<String, Object>> items = types.all().stream()
                .filter(t -> call.isAdmin() ? isPublic == null || t.isPublic() == isPublic : t.isPublic())
                .map(t -> view(call, t)).toList();
        return Map.of("volume_types", items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:type_get", caller);
        VolumeType type = id.equals("default") ? types.defaultType() : visibleById(call, id);
        return Map.of("volume_type", view(call, type));
    }

    @PostMapping
    public Map<String, Object> create(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:type_create", caller);
        JsonFields in = JsonFields.of(body, "volume_type");
        String name = in.requiredNonBlank("name", 255).trim();
        boolean isPublic = in.has(ACCESS_IS_PUBLIC)
                ? Boolean.TRUE.equals(CinderValues.bool(in.raw().get(ACCESS_IS_PUBLIC), ACCESS_IS_PUBLIC))
                : !Boolean.FALSE.equals(CinderValues.bool(in.raw().get("is_public"), "is_public"));
        Map<String, String> specs = specs(in.object("extra_specs").orElse(null));
        VolumeType type = new VolumeType(UUID.randomUUID().toString(), name,
                in.string("description", 255).orElse(null), isPublic, specs);
        try {
            transactions.executeWithoutResult(status -> repository.insert(type));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Volume Type " + name + " already exists.");
        }
        Map<String, Object> view = view(call, type);
        view.remove("qos_specs_id");
        return Map.of("volume_type", view);
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:type_update", caller);
        VolumeType current = visibleById(call, id);
        JsonFields in = JsonFields.of(body, "volume_type");
        if (!in.has("name") && !in.has("description") && !in.has("is_public")) {
            throw VolumeFaults.invalidInput("Specify volume type name, description, is_public or a combination "
                    + "thereof.");
        }
        String name = in.string("name", 255).map(String::trim).orElse(current.name());
        if (name.isEmpty()) {
            throw VolumeFaults.invalidInput("Volume type name can not be empty.");
        }
        if (!name.equals(current.name()) && current.name().equals(types.defaultType().name())) {
            throw VolumeFaults.invalidInput("The default volume type cannot be renamed.");
        }
        Boolean isPublic = CinderValues.bool(in.raw().get("is_public"), "is_public");
        VolumeType updated = new VolumeType(current.id(), name,
                in.has("description") ? in.string("description", 255).orElse(null) : current.description(),
                isPublic == null ? current.isPublic() : isPublic, current.extraSpecs());
        try {
            transactions.executeWithoutResult(status -> repository.update(updated));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Volume Type " + name + " already exists.");
        }
        Map<String, Object> view = view(call, updated);
        view.remove("qos_specs_id");
        view.remove(ACCESS_IS_PUBLIC);
        return Map.of("volume_type", view);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:type_delete", caller);
        VolumeType type = visibleById(call, id);
        if (type.id().equals(types.defaultType().id())) {
            throw ApiException.badRequest("Default volume type can not be deleted.");
        }
        String inUse = "Volume Type " + id + " deletion is not allowed with volumes present with the type.";
        if (repository.inUse(type.id())) {
            throw ApiException.badRequest(inUse);
        }
        try {
            transactions.executeWithoutResult(status -> repository.delete(type.id()));
        } catch (DataIntegrityViolationException e) {
            throw ApiException.badRequest(inUse);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @GetMapping("/{id}/extra_specs")
    public Map<String, Object> specs(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:types_extra_specs:index", caller);
        return Map.of("extra_specs", visibleSpecs(call, visibleById(call, id)));
    }

    @PostMapping("/{id}/extra_specs")
    public Map<String, Object> addSpecs(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:types_extra_specs:create", caller);
        VolumeType type = visibleById(call, id);
        Map<String, String> specs = specs(JsonFields.of(body, "extra_specs"));
        transactions.executeWithoutResult(status -> specs.forEach((k, v) -> repository.putSpec(type.id(), k, v)));
        return Map.of("extra_specs", specs);
    }

    @GetMapping("/{id}/extra_specs/{key}")
    public Map<String, Object> spec(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @PathVariable String key, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:types_extra_specs:show", caller);
        String value = visibleSpecs(call, visibleById(call, id)).get(key);
        if (value == null) {
            throw specNotFound(id, key);
        }
        return Map.of(key, value);
    }

    @PutMapping("/{id}/extra_specs/{key}")
    public Map<String, Object> putSpec(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @PathVariable String key, @RequestBody JsonNode body,
            HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:types_extra_specs:update", caller);
        VolumeType type = visibleById(call, id);
        Map<String, String> specs = specs(JsonFields.ofObject(body, "body"));
        if (specs.size() != 1 || !specs.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        transactions.executeWithoutResult(status -> repository.putSpec(type.id(), key, specs.get(key)));
        return Map.of(key, specs.get(key));
    }

    @DeleteMapping("/{id}/extra_specs/{key}")
    public ResponseEntity<Void> deleteSpec(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @PathVariable String key, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume_extension:types_extra_specs:delete", caller);
        VolumeType type = visibleById(call, id);
        if (!transactions.execute(status -> repository.deleteSpec(type.id(), key))) {
            throw specNotFound(id, key);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    private VolumeType visibleById(CinderRequest call, String id) {
        return repository.find(id).filter(t -> t.isPublic() || call.isAdmin())
                .orElseThrow(() -> VolumeFaults.typeNotFound(id));
    }

    /**
     * Cinder's volume type as show and list answer it. Create answers it without {@code qos_specs_id}, update also
     * without {@code os-volume-type-access:is_public} (the extensions extend show, list and create only).
     */
    private Map<String, Object> view(CinderRequest call, VolumeType type) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", type.id());
        view.put("name", type.name());
        view.put("is_public", type.isPublic());
        view.put("extra_specs", visibleSpecs(call, type));
        view.put("description", type.description());
        view.put(ACCESS_IS_PUBLIC, type.isPublic());
        view.put("qos_specs_id", null);
        return view;
    }

    private Map<String, String> visibleSpecs(CinderRequest call, VolumeType type) {
        if (policy.allows("volume_extension:access_types_extra_specs", call.caller(), Map.of())) {
            return type.extraSpecs();
        }
        Map<String, String> visible = new TreeMap<>(type.extraSpecs());
        visible.keySet().retainAll(USER_VISIBLE_SPECS);
        return visible;
    }

    private Map<String, String> specs(JsonFields in) {
        Map<String, String> specs = new TreeMap<>();
        if (in == null) {
            return specs;
        }
        for (String key : in.names()) {
            if (key.isEmpty() || key.length() > 255) {
                throw VolumeFaults.invalidInput("Extra spec keys must be 1 to 255 characters long.");
            }
            JsonNode value = in.raw().get(key);
            String text = value.isString() ? value.stringValue() : value.isBoolean() || value.isNumber()
                    ? value.asString() : null;
            if (text == null || text.length() > 255) {
                throw VolumeFaults.invalidInput("The value of extra spec '" + key
                        + "' must be a string of at most 255 characters.");
            }
            if (key.equals(VolumeType.BACKEND_SPEC) && !types.isBackendConfigured(text)) {
                throw VolumeFaults.invalidInput("No volume backend named '" + text + "' is configured.");
            }
            specs.put(key, text);
        }
        return specs;
    }

    private Boolean publicFilter(CinderRequest call, String param) {
        if (param == null) {
            return true;
        }
        if (param.equalsIgnoreCase("none") || param.equalsIgnoreCase("all")) {
            return call.isAdmin() ? null : true;
        }
        return CinderValues.bool(param, "is_public");
    }

    private static ApiException specNotFound(String typeId, String key) {
        return ApiException.notFound("Volume Type " + typeId + " has no extra specs with key " + key + ".");
    }
}
