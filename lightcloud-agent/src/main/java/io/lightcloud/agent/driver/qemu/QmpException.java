package io.lightcloud.agent.driver.qemu;

import io.lightcloud.agent.driver.DriverException;

/**
 * A QMP command failed: QEMU answered with an error (its class, e.g. {@code GenericError} or {@code DeviceNotFound},
 * is kept), the monitor did not answer in time, or the connection is gone.
 */
public class QmpException extends DriverException {
    private final String errorClass;

    public QmpException(String message, String errorClass, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    public QmpException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** QEMU's error class, or null when the failure was not an error reply. */
    public String errorClass() {
        return errorClass;
    }
}
