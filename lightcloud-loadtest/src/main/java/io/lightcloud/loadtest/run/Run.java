package io.lightcloud.loadtest.run;

import java.time.OffsetDateTime;
import java.util.List;

/** A run of a plan, as stored. {@code scenario} is the whole run's scenario document (JSON text). */
public record Run(String id, String projectId, String planId, String planName, RunStatus status, String scenario,
        List<String> thresholds, boolean abortOnThreshold, int users, double rate, int durationSeconds,
        String message, List<String> events, String report, OffsetDateTime createdAt, OffsetDateTime startedAt,
        OffsetDateTime stopAt, OffsetDateTime finishedAt) {
}
