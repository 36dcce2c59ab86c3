package io.lightcloud.common.api;

import static java.util.Objects.requireNonNull;

/**
 * A failure that a client caused or must be told about. It carries the HTTP status, a message meant for the
 * client and, for services whose faults name a type (Neutron's {@code NetworkNotFound}), that type.
 * Each service's {@link FaultFormat} turns it into that service's fault body.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String faultType;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, String faultType) {
        super(requireNonNull(message, "message is null"));
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.faultType = faultType;
    }

    public int status() {
        return status;
    }

    /** The fault type some services name in their bodies, or null to let the format derive one from the status. */
    public String faultType() {
        return faultType;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, message);
    }
}
