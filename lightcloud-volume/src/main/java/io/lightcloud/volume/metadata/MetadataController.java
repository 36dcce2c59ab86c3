package io.lightcloud.volume.metadata;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderRequests;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /volumes/{id}/metadata} and {@code /snapshots/{id}/metadata}, which Cinder shapes alike. */
@RestController
@RequestMapping("/volume/v3/{project_id}/{kind:volumes|snapshots}/{id}/metadata")
public class MetadataController {
    private enum Access {
        READ, CREATE, UPDATE, DELETE
    }

    private final MetadataRepository metadata;
    private final VolumeRepository volumes;
    private final SnapshotRepository snapshots;
    private final CinderRequests requests;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public MetadataController(MetadataRepository metadata, VolumeRepository volumes, SnapshotRepository snapshots,
            CinderRequests requests, PolicyEnforcer policy, TransactionTemplate transactions) {
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.requests = requireNonNull(requests, "requests is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> show(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String kind, @PathVariable String id, HttpServletRequest request,
            HttpServletResponse response) {
        MetadataOwner owner = authorize(requests.begin(caller, projectId, request, response), kind, id, Access.READ);
        return Map.of("metadata", metadata.get(owner, id));
    }

    @PostMapping
    public Map<String, Object> merge(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String kind, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request, HttpServletResponse response) {
        MetadataOwner owner = authorize(requests.begin(caller, projectId, request, response), kind, id, Access.CREATE);
        Map<String, String> given = MetadataInput.read(body, "metadata");
        transactions.executeWithoutResult(status -> metadata.merge(owner, id, given));
        return Map.of("metadata", metadata.get(owner, id));
    }

    @PutMapping
    public Map<String, Object> replace(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String kind, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request, HttpServletResponse response) {
        MetadataOwner owner = authorize(requests.begin(caller, projectId, request, response), kind, id, Access.UPDATE);
        Map<String, String> given = MetadataInput.read(body, "metadata");
        transactions.executeWithoutResult(status -> metadata.replace(owner, id, given));
        return Map.of("metadata", given);
    }

    @GetMapping("/{key}")
    public Map<String, Object> showKey(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String kind, @PathVariable String id, @PathVariable String key,
            HttpServletRequest request, HttpServletResponse response) {
        MetadataOwner owner = authorize(requests.begin(caller, projectId, request, response), kind, id, Access.READ);
        String value = metadata.get(owner, id).get(key);
        if (value == null) {
            throw keyNotFound(owner, id, key);
        }
        return Map.of("meta", Map.of(key, value));
    }

    @PutMapping("/{key}")
    public Map<String, Object> putKey(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String kind, @PathVariable String id, @PathVariable String key, @RequestBody JsonNode body,
            HttpServletRequest request, HttpServletResponse response) {
        MetadataOwner owner = authorize(requests.begin(caller, projectId, request, response), kind, id, Access.UPDATE);
        Map<String, String> given = MetadataInput.read(body, "meta");
        if (given.size() > 1) {
            throw ApiException.badRequest("Request body contains too many items.");
        }
        if (!given.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        transactions.executeWithoutResult(status -> metadata.merge(owner, id, given));
        return Map.of("meta", given);
    }

    @DeleteMapping("/{key}")
    public Map<String, Object> deleteKey(AuthContext caller, @PathVariable("project_id") String projectId,
            @PathVariable String kind, @PathVariable String id, @PathVariable String key,
            HttpServletRequest request, HttpServletResponse response) {
        MetadataOwner owner = authorize(requests.begin(caller, projectId, request, response), kind, id, Access.DELETE);
        if (!Boolean.TRUE.equals(transactions.execute(status -> metadata.delete(owner, id, key)))) {
            throw keyNotFound(owner, id, key);
        }
        return Map.of();
    }

    /** Finds the volume or snapshot (404 for other projects' ones) and checks Cinder's policy for the access. */
    private MetadataOwner authorize(CinderRequest call, String kind, String id, Access access) {
        if (kind.equals("volumes")) {
            Volume volume = volumes.find(id).filter(v -> call.canSee(v.projectId()))
                    .orElseThrow(() -> VolumeFaults.volumeNotFound(id));
            String action = switch (access) {
                case READ -> "volume:get_volume_metadata";
                case CREATE -> "volume:create_volume_metadata";
                case UPDATE -> "volume:update_volume_metadata";
                case DELETE -> "volume:delete_volume_metadata";
            };
            policy.enforce(action, call.caller(), CinderRequest.target(volume.projectId()));
            return MetadataOwner.VOLUME;
        }
        Snapshot snapshot = snapshots.find(id).filter(s -> call.canSee(s.projectId()))
                .orElseThrow(() -> VolumeFaults.snapshotNotFound(id));
        String action = switch (access) {
            case READ -> "volume:get_snapshot_metadata";
            case CREATE, UPDATE -> "volume:update_snapshot_metadata";
            case DELETE -> "volume:delete_snapshot_metadata";
        };
        policy.enforce(action, call.caller(), CinderRequest.target(snapshot.projectId()));
        return MetadataOwner.SNAPSHOT;
    }

    private static ApiException keyNotFound(MetadataOwner owner, String id, String key) {
        return ApiException.notFound((owner == MetadataOwner.VOLUME ? "Volume " : "Snapshot ") + id
                + " has no metadata with key " + key + ".");
    }
}
