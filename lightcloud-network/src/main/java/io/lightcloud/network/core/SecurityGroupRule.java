package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/** A rule of a security group; null attributes match anything. */
public record SecurityGroupRule(String id, String securityGroupId, String projectId, String direction,
        String ethertype, String protocol, Integer portRangeMin, Integer portRangeMax, String remoteIpPrefix,
        String remoteGroupId, String description, long revisionNumber, Instant createdAt, Instant updatedAt) {
    public SecurityGroupRule {
        requireNonNull(id, "id is null");
        requireNonNull(securityGroupId, "securityGroupId is null");
        requireNonNull(direction, "direction is null");
        requireNonNull(ethertype, "ethertype is null");
    }

    /**
     * What makes two rules the same rule: everything but id and description, with the protocol by number so that
     * {@code tcp} and {@code 6} are one.
     */
    public String signature() {
        return String.join("|", direction, ethertype, Protocols.number(protocol), String.valueOf(portRangeMin),
                String.valueOf(portRangeMax), String.valueOf(remoteIpPrefix), String.valueOf(remoteGroupId))
                .toLowerCase(Locale.ROOT);
    }
}
