package io.lightcloud.loadtest.plan;

import java.time.OffsetDateTime;
import java.util.List;

/** A stored plan: the normalized scenario document (JSON text), how it was written, notes and default thresholds. */
public record Plan(String id, String projectId, String name, String sourceKind, String scenario, List<String> notes,
        List<String> thresholds, OffsetDateTime createdAt) {
}
