package io.lightcloud.volume.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.api.ListFilters;
import io.lightcloud.volume.api.ListQuery;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.metadata.MetadataInput;
import io.lightcloud.volume.metadata.MetadataOwner;
import io.lightcloud.volume.metadata.MetadataRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
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

/** {@code /volumes}: create, list, show, update and delete volumes. Actions live in {@link VolumeActionController}. */
@RestController
@RequestMapping("/volume/v3/{project_id}/volumes")
public class VolumeController {
    private static final List<String> SORT_KEYS = List.of("id", "name", "status", "size", "created_at", "updated_at",
            "availability_zone", "bootable");
    private static final Map<String, Function<Volume, Comparable<?>>> SORTERS = Map.of(
            "id", Volume::id,
            "name", Volume::name,
            "status", v -> v.status().apiName(),
            "size", Volume::sizeGb,
            "created_at", Volume::createdAt,
            "updated_at", Volume::updatedAt,
            "availability_zone", Volume::availabilityZone,
            "bootable", Volume::bootable);

    private final VolumeRepository volumes;
    private final MetadataRepository metadata;
    private final VolumeAccess access;
    private final VolumeCreator creator;
    private final VolumeDeleter deleter;
    private final VolumeViews views;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public VolumeController(VolumeRepository volumes, MetadataRepository metadata, VolumeAccess access,
            VolumeCreator creator, VolumeDeleter deleter, VolumeViews views, CinderRequests requests,
            PolicyEnforcer policy, TransactionTemplate transactions) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.access = requireNonNull(access, "access is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.deleter = requireNonNull(deleter, "deleter is null");
        this.views = requireNonNull(views, "views is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        JsonFields in = JsonFields.of(body, "volume");
        if (Boolean.TRUE.equals(CinderValues.bool(in.raw().get("multiattach"), "multiattach"))) {
            throw ApiException.badRequest("multiattach parameter has been removed. The default behavior is to use "
                    + "multiattach enabled volume types. Contact your administrator to create a multiattach enabled "
                    + "volume type and use it to create multiattach volumes.");
        }
        for (String unsupported : List.of("backup_id", "consistencygroup_id", "group_id")) {
            if (in.string(unsupported, 255).isPresent()) {
                throw ApiException.badRequest("Creating a volume with " + unsupported + " is not supported.");
            }
        }
        Long size = in.integer("size", Integer.MIN_VALUE, Integer.MAX_VALUE).orElse(null);
        VolumeCreator.Request create = new VolumeCreator.Request(
                CinderValues.displayText(in, "name", "display_name"), CinderValues.displayText(in, "description", "display_description"), size,
                in.string("volume_type", 255).orElse(null), in.string("availability_zone", 255).orElse(null),
                MetadataInput.optional(in), in.string("snapshot_id", 64).orElse(null),
                in.string("source_volid", 64).orElse(null),
                in.string("imageRef", 255).or(() -> in.string("image_id", 255)).orElse(null));
        Volume volume = creator.create(call, create);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("volume", views.written(call, volume)));
    }

    @GetMapping
    public Map<String, Object> list(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        return list(call, params, false);
    }

    @GetMapping("/detail")
    public Map<String, Object> detail(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        return list(call, params, true);
    }

    /** Cinder's summary (3.12; the metadata values by key since 3.36) of the volumes a list would show. */
    @GetMapping("/summary")
    public Map<String, Object> summary(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        if (!call.atLeast(3, 12)) {
            throw VolumeFaults.volumeNotFound("summary");
        }
        policy.enforce("volume:get_all", call.caller(), CinderRequest.target(call.projectId()));
        List<Volume> listed = volumes.list(ListFilters.listedProject(call, params));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_size", listed.stream().mapToLong(Volume::sizeGb).sum());
        summary.put("total_count", listed.size());
        if (call.atLeast(3, 36)) {
            Map<String, Set<String>> values = new TreeMap<>();
            metadata.getAll(MetadataOwner.VOLUME, listed.stream().map(Volume::id).toList()).values()
                    .forEach(meta -> meta.forEach((key, value) -> values.computeIfAbsent(key, k -> new TreeSet<>())
                            .add(value)));
            summary.put("metadata", values);
        }
        return Map.of("volume-summary", summary);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        return Map.of("volume", views.detail(call, access.get(call, id, "volume:get")));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        Volume volume = access.get(call, id, "volume:update");
        JsonFields in = JsonFields.of(body, "volume");
        if (in.names().isEmpty()) {
            throw ApiException.badRequest("Invalid input received: At least one of name, description or metadata must "
                    + "be given.");
        }
        boolean hasName = in.has("name") || in.has("display_name");
        boolean hasDescription = in.has("description") || in.has("display_description");
        String name = hasName ? CinderValues.displayText(in, "name", "display_name") : volume.name();
        String description = hasDescription ? CinderValues.displayText(in, "description", "display_description") : volume.description();
        Optional<Map<String, String>> newMetadata = in.has("metadata") ? Optional.of(MetadataInput.optional(in))
                : Optional.empty();
        transactions.executeWithoutResult(status -> {
            volumes.update(id, name, description);
            newMetadata.ifPresent(m -> metadata.replace(MetadataOwner.VOLUME, id, m));
        });
        return Map.of("volume", views.written(call, volumes.find(id).orElse(volume)));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestParam Map<String, String> params, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        Volume volume = access.get(call, id, "volume:delete");
        boolean cascade = Boolean.TRUE.equals(CinderValues.bool(params.get("cascade"), "cascade"));
        boolean force = call.atLeast(3, 23) && Boolean.TRUE.equals(CinderValues.bool(params.get("force"), "force"));
        if (force) {
            policy.enforce("volume:force_delete", caller, CinderRequest.target(volume.projectId()));
        }
        deleter.delete(volume, cascade, force);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    private Map<String, Object> list(CinderRequest call, Map<String, String> params, boolean detail) {
        policy.enforce("volume:get_all", call.caller(), CinderRequest.target(call.projectId()));
        ListQuery query = ListQuery.parse(params, SORT_KEYS);
        List<Volume> matching = volumes.list(ListFilters.listedProject(call, params)).stream()
                .filter(filter(params)).toList();
        List<Volume> page = query.apply(matching, SORTERS, Volume::id);
        String collection = detail ? "volumes/detail" : "volumes";
        Map<String, Object> body = ListQuery.body("volumes", detail ? views.details(call, page)
                : page.stream().map(v -> views.summary(call, v)).toList());
        query.addNextLink(body, "volumes", call.url(collection), page, Volume::id);
        ListQuery.addCount(body, call, params, matching.size());
        return body;
    }

    private Predicate<Volume> filter(Map<String, String> params) {
        Predicate<Volume> filter = ListFilters.common(params, Volume::name, v -> v.status().apiName(),
                v -> metadata.get(MetadataOwner.VOLUME, v.id()));
        if (params.containsKey("availability_zone")) {
            filter = filter.and(v -> v.availabilityZone().equals(params.get("availability_zone")));
        }
        if (params.containsKey("bootable")) {
            boolean bootable = CinderValues.bool(params.get("bootable"), "bootable");
            filter = filter.and(v -> v.bootable() == bootable);
        }
        return filter;
    }
}
