package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A server group's policy and where its other members already run (host id to member count), as of when the
 * request was built. {@code maxServerPerHost} is the anti-affinity rule of microversion 2.64 (1 by default).
 */
public record GroupConstraint(String groupId, String policy, int maxServerPerHost, Map<String, Integer> memberHosts) {
    public static final String AFFINITY = "affinity";
    public static final String ANTI_AFFINITY = "anti-affinity";
    public static final String SOFT_AFFINITY = "soft-affinity";
    public static final String SOFT_ANTI_AFFINITY = "soft-anti-affinity";

    public GroupConstraint {
        requireNonNull(groupId, "groupId is null");
        requireNonNull(policy, "policy is null");
        memberHosts = Map.copyOf(memberHosts);
    }

    public int membersOn(String hostId) {
        return memberHosts.getOrDefault(hostId, 0);
    }
}
