package io.lightcloud.monitoring.channel;

/** A failed send; {@code retryable} for 5xx answers, throttling and connection failures. */
public final class DeliveryException extends Exception {
    private final boolean retryable;

    public DeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
