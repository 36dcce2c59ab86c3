package io.lightcloud.agent.controller;

/** A call to the controller failed: not reachable, or an answer other than the expected status. */
public class ControllerException extends RuntimeException {
    private final int status;

    public ControllerException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ControllerException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
