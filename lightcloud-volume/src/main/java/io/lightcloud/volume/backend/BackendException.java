package io.lightcloud.volume.backend;

/** A backend operation failed; the message is for the operator's log, not for API clients. */
public class BackendException extends RuntimeException {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
