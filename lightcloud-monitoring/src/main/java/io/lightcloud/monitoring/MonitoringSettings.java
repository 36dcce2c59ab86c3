package io.lightcloud.monitoring;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How monitoring runs. With {@code supervise} the controller starts Prometheus, Alertmanager and (optionally) the
 * node exporter itself, on 127.0.0.1, with their data under {@code dir}; {@code prometheusUrl} and
 * {@code alertmanagerUrl}, when set, point at existing ones instead (an external Prometheus then loads the rule files
 * Lightcloud writes to {@code dir/prometheus/rules}). {@code agentPort} and {@code nodeExporterPort} are where every
 * host's agent exporter and node exporter listen, so discovery can list them from the host table alone.
 */
public record MonitoringSettings(boolean supervise, URI prometheusUrl, URI alertmanagerUrl, Path dir,
        Duration scrapeInterval, Duration alertGroupWait, int agentPort, int nodeExporterPort,
        boolean superviseNodeExporter, URI controllerUrl, String prometheusBinary, String promtoolBinary,
        String alertmanagerBinary, String nodeExporterBinary) {
    public MonitoringSettings {
        requireNonNull(dir, "dir is null");
        requireNonNull(scrapeInterval, "scrapeInterval is null");
        requireNonNull(alertGroupWait, "alertGroupWait is null");
        requireNonNull(prometheusBinary, "prometheusBinary is null");
        requireNonNull(promtoolBinary, "promtoolBinary is null");
        requireNonNull(alertmanagerBinary, "alertmanagerBinary is null");
        requireNonNull(nodeExporterBinary, "nodeExporterBinary is null");
        if (scrapeInterval.isNegative() || scrapeInterval.isZero()) {
            throw new IllegalArgumentException("lightcloud.monitoring.scrape-interval must be positive");
        }
    }

    public Path prometheusDir() {
        return dir.resolve("prometheus");
    }

    public Path rulesDir() {
        return prometheusDir().resolve("rules");
    }

    public Path alertmanagerDir() {
        return dir.resolve("alertmanager");
    }

    /** The scrape credential as a file, which Prometheus and Alertmanager read with {@code credentials_file}. */
    public Path credentialFile() {
        return dir.resolve("scrape-credential");
    }
}
