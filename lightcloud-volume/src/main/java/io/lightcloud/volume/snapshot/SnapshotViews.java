package io.lightcloud.volume.snapshot;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.CinderValues;
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.metadata.MetadataOwner;
import io.lightcloud.volume.metadata.MetadataRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Cinder's snapshot representation, with the fields of the negotiated microversion. The
 * {@code os-extended-snapshot-attributes} the caller's policy allows extend show and the detailed list only, as in
 * Cinder; create, update and the plain list answer without them.
 */
@Component
public class SnapshotViews {
    private final MetadataRepository metadata;
    private final PolicyEnforcer policy;

    public SnapshotViews(MetadataRepository metadata, PolicyEnforcer policy) {
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    public Map<String, Object> view(CinderRequest call, Snapshot snapshot, boolean extended) {
        return views(call, List.of(snapshot), extended).get(0);
    }

    public List<Map<String, Object>> views(CinderRequest call, List<Snapshot> snapshots, boolean extended) {
        Map<String, Map<String, String>> metadataById = metadata.getAll(MetadataOwner.SNAPSHOT,
                snapshots.stream().map(Snapshot::id).toList());
        List<Map<String, Object>> views = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", snapshot.id());
            view.put("created_at", CinderValues.timestamp(snapshot.createdAt()));
            view.put("updated_at", CinderValues.timestamp(snapshot.updatedAt()));
            view.put("name", snapshot.name());
            view.put("description", snapshot.description());
            view.put("volume_id", snapshot.volumeId());
            view.put("status", snapshot.status().apiName());
            view.put("size", snapshot.sizeGb());
            view.put("metadata", metadataById.getOrDefault(snapshot.id(), Map.of()));
            if (call.atLeast(3, 14)) {
                view.put("group_snapshot_id", null);
            }
            if (call.atLeast(3, 41)) {
                view.put("user_id", snapshot.userId());
            }
            if (extended && policy.allows("volume_extension:extended_snapshot_attributes", call.caller(),
                    CinderRequest.target(snapshot.projectId()))) {
                view.put("os-extended-snapshot-attributes:project_id", snapshot.projectId());
                view.put("os-extended-snapshot-attributes:progress",
                        snapshot.status() == SnapshotStatus.AVAILABLE ? "100%" : "0%");
            }
            views.add(view);
        }
        return views;
    }
}
