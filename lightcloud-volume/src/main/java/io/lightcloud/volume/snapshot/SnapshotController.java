package io.lightcloud.volume.snapshot;

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
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.metadata.MetadataInput;
import io.lightcloud.volume.metadata.MetadataOwner;
import io.lightcloud.volume.metadata.MetadataRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
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

/** {@code /snapshots}: create (with {@code force} for in-use volumes), list, show, update, delete and admin actions. */
@RestController
@RequestMapping("/volume/v3/{project_id}/snapshots")
public class SnapshotController {
    private static final List<String> SORT_KEYS = List.of("id", "name", "status", "size", "created_at", "updated_at",
            "volume_id");
    private static final Map<String, Function<Snapshot, Comparable<?>>> SORTERS = Map.of(
            "id", Snapshot::id,
            "name", Snapshot::name,
            "status", s -> s.status().apiName(),
            "size", Snapshot::sizeGb,
            "created_at", Snapshot::createdAt,
            "updated_at", Snapshot::updatedAt,
            "volume_id", Snapshot::volumeId);

    private final SnapshotRepository repository;
    private final Snapshots snapshots;
    private final SnapshotViews views;
    private final MetadataRepository metadata;
    private final VolumeAccess volumes;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public SnapshotController(SnapshotRepository repository, Snapshots snapshots, SnapshotViews views,
            MetadataRepository metadata, VolumeAccess volumes, CinderRequests requests, PolicyEnforcer policy,
            TransactionTemplate transactions) {
        this.repository = requireNonNull(repository, "repository is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.views = requireNonNull(views, "views is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        JsonFields in = JsonFields.of(body, "snapshot");
        Volume volume = volumes.get(call, in.requiredString("volume_id", 64), "volume:create_snapshot");
        boolean force = Boolean.TRUE.equals(CinderValues.bool(in.raw().get("force"), "force"));
        Snapshot snapshot = snapshots.create(call, volume, CinderValues.displayText(in, "name", "display_name"),
                CinderValues.displayText(in, "description", "display_description"), force, MetadataInput.optional(in));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("snapshot", views.view(call, snapshot, false)));
    }

    @GetMapping({"", "/detail"})
    public Map<String, Object> list(AuthContext caller, @PathVariable("project_id") String projectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        policy.enforce("volume:get_all_snapshots", caller, CinderRequest.target(projectId));
        ListQuery query = ListQuery.parse(params, SORT_KEYS);
        List<Snapshot> matching = repository.list(ListFilters.listedProject(call, params)).stream()
                .filter(filter(params)).toList();
        List<Snapshot> page = query.apply(matching, SORTERS, Snapshot::id);
        Map<String, Object> body = ListQuery.body("snapshots", views.views(call, page,
                request.getRequestURI().endsWith("/detail")));
        query.addNextLink(body, "snapshots", call.url(request.getRequestURI().endsWith("/detail") ? "snapshots/detail"
                : "snapshots"), page, Snapshot::id);
        ListQuery.addCount(body, call, params, matching.size());
        return body;
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        return Map.of("snapshot", views.view(call, get(call, id, "volume:get_snapshot"), true));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        Snapshot snapshot = get(call, id, "volume:update_snapshot");
        JsonFields in = JsonFields.of(body, "snapshot");
        if (in.names().isEmpty()) {
            throw ApiException.badRequest("Invalid input received: At least one of name or description must be given.");
        }
        String name = in.has("name") || in.has("display_name") ? CinderValues.displayText(in, "name", "display_name") : snapshot.name();
        String description = in.has("description") || in.has("display_description")
                ? CinderValues.displayText(in, "description", "display_description") : snapshot.description();
        transactions.executeWithoutResult(status -> repository.update(id, name, description));
        return Map.of("snapshot", views.view(call, repository.find(id).orElse(snapshot), false));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        snapshots.delete(get(call, id, "volume:delete_snapshot"), false);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @PostMapping("/{id}/action")
    public ResponseEntity<Void> action(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request,
            HttpServletResponse response) {
        CinderRequest call = requests.begin(caller, projectId, request, response);
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiException.badRequest("Malformed request body: an action body has exactly one action.");
        }
        String action = body.propertyNames().iterator().next();
        switch (action) {
            case "os-reset_status" -> {
                Snapshot snapshot = get(call, id, "volume_extension:snapshot_admin_actions:reset_status");
                String statusName = JsonFields.ofObject(body.get(action), action).requiredString("status", 32);
                SnapshotStatus status = SnapshotStatus.parse(statusName)
                        .orElseThrow(() -> ApiException.badRequest("Must specify a valid status"));
                transactions.executeWithoutResult(tx -> repository.resetStatus(snapshot.id(), status));
            }
            case "os-force_delete" -> snapshots.delete(get(call, id,
                    "volume_extension:snapshot_admin_actions:force_delete"), true);
            default -> throw ApiException.badRequest("There is no such action: " + action);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    private Snapshot get(CinderRequest call, String id, String action) {
        Snapshot snapshot = repository.find(id).filter(s -> call.canSee(s.projectId()))
                .orElseThrow(() -> VolumeFaults.snapshotNotFound(id));
        policy.enforce(action, call.caller(), CinderRequest.target(snapshot.projectId()));
        return snapshot;
    }

    private Predicate<Snapshot> filter(Map<String, String> params) {
        Predicate<Snapshot> filter = ListFilters.common(params, Snapshot::name, s -> s.status().apiName(),
                s -> metadata.get(MetadataOwner.SNAPSHOT, s.id()));
        if (params.containsKey("volume_id")) {
            filter = filter.and(s -> s.volumeId().equals(params.get("volume_id")));
        }
        return filter;
    }
}
