package io.lightcloud.compute.servergroup;

import static java.util.Objects.requireNonNull;

/** A server group: servers placed together or apart, by a hard or a soft policy. */
public record ServerGroup(String id, String name, String projectId, String userId, String policy,
        Integer maxServerPerHost) {
    public ServerGroup {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(policy, "policy is null");
    }
}
