package io.lightcloud.common.api;

import static java.util.Objects.requireNonNull;

/** A fault to be written to a client: status, message and the optional type name some services show. */
public record Fault(int status, String message, String type) {
    public Fault {
        requireNonNull(message, "message is null");
    }

    public static Fault of(ApiException e) {
        return new Fault(e.status(), e.getMessage(), e.faultType());
    }

    public String reasonPhrase() {
        return HttpReasons.phrase(status);
    }
}
