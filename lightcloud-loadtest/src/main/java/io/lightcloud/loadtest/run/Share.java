package io.lightcloud.loadtest.run;

/** One executor's part of a run. {@code state}: assigned, finished (final results in), lost, missing. */
public record Share(String runId, String executorId, int users, double rate, String state, String assignment) {
}
