package io.lightcloud.monitoring.stack;

import io.lightcloud.common.api.ApiException;

/** Prometheus or Alertmanager is not configured, not running, or failed: a 503 that names which and why. */
public final class MonitoringUnavailableException extends ApiException {
    public MonitoringUnavailableException(String message) {
        super(503, message);
    }
}
