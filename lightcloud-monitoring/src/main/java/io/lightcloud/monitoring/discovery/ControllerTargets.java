package io.lightcloud.monitoring.discovery;

import static java.util.Objects.requireNonNull;

import io.lightcloud.monitoring.MonitoringSettings;
import java.net.URI;
import org.springframework.core.env.Environment;

/**
 * The controller's own address for Prometheus: {@code lightcloud.monitoring.controller-url} when set (several
 * controllers behind a balancer each set theirs), else its loopback port.
 */
public final class ControllerTargets {
    private final MonitoringSettings settings;
    private final Environment environment;

    public ControllerTargets(MonitoringSettings settings, Environment environment) {
        this.settings = requireNonNull(settings, "settings is null");
        this.environment = requireNonNull(environment, "environment is null");
    }

    public URI self() {
        if (settings.controllerUrl() != null) {
            return settings.controllerUrl();
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return URI.create("http://127.0.0.1:" + port + "/");
    }
}
