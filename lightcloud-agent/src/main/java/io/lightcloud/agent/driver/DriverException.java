package io.lightcloud.agent.driver;

/** A driver operation failed; the message is meant for an operator and for the instance's fault. */
public class DriverException extends RuntimeException {
    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
