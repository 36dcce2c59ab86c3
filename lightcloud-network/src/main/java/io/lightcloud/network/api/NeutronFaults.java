package io.lightcloud.network.api;

import io.lightcloud.common.api.ApiException;

/** Neutron's faults with its type names and wording, which clients and operators recognise. */
public final class NeutronFaults {
    private NeutronFaults() {
    }

    /** {@code kind} as Neutron names it: Network, Subnet, Port, Router, SecurityGroup, FloatingIP … */
    public static ApiException notFound(String kind, String id) {
        String label = switch (kind) {
            case "SecurityGroup" -> "Security group";
            case "SecurityGroupRule" -> "Security group rule";
            case "FloatingIP" -> "Floating IP";
            default -> kind;
        };
        return new ApiException(404, label + " " + id + " could not be found.", kind + "NotFound");
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, "HTTPBadRequest");
    }

    public static ApiException invalidInput(String message) {
        return new ApiException(400, "Invalid input for operation: " + message, "InvalidInput");
    }

    public static ApiException conflict(String type, String message) {
        return new ApiException(409, message, type);
    }

    public static ApiException overQuota(String resource) {
        return new ApiException(409, "Quota exceeded for resources: ['" + resource + "'].", "OverQuota");
    }

    public static ApiException ipAddressGenerationFailure(String networkId) {
        return new ApiException(409, "No more IP addresses available on network " + networkId + ".",
                "IpAddressGenerationFailure");
    }

    public static ApiException forbidden(String rule) {
        return new ApiException(403, "(rule:" + rule + ") is disallowed by policy", "PolicyNotAuthorized");
    }
}
