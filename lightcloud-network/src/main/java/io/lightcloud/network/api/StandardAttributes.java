package io.lightcloud.network.api;

import io.lightcloud.common.api.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The attributes every Neutron resource shows: project, description, tags, timestamps and revision. */
public final class StandardAttributes {
    private StandardAttributes() {
    }

    public static void add(Map<String, Object> view, String projectId, String description, List<String> tags,
            long revisionNumber, Instant createdAt, Instant updatedAt) {
        view.put("tenant_id", projectId);
        view.put("project_id", projectId);
        view.put("description", description);
        view.put("tags", List.copyOf(tags));
        view.put("created_at", Timestamps.seconds(createdAt));
        view.put("updated_at", Timestamps.seconds(updatedAt));
        view.put("revision_number", revisionNumber);
    }
}
