package io.lightcloud.compute.usage;

/** Narrows a usage query to one project, one user or one server; null fields do not narrow. */
public record UsageFilter(String projectId, String userId, String instanceId) {
    public static final UsageFilter ALL = new UsageFilter(null, null, null);

    public static UsageFilter project(String projectId) {
        return new UsageFilter(projectId, null, null);
    }
}
