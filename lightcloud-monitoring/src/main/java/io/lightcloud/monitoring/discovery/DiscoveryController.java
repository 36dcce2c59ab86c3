package io.lightcloud.monitoring.discovery;

import static java.util.Objects.requireNonNull;

import io.lightcloud.monitoring.MonitoringSettings;
import io.lightcloud.monitoring.inventory.MonitoredInventory;
import io.lightcloud.monitoring.inventory.MonitoredInventory.MonitoredHost;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus's {@code http_sd_configs}: the agents' exporters, the node exporters and the controllers, from the host
 * table, so a new host is scraped at the next refresh with no configuration edit. Each target carries the host's id
 * and name as labels, which Prometheus adds to every series it scrapes there. Only the scrape credential reads this.
 */
@RestController
@RequestMapping("/lightcloud/v1/monitoring/sd")
public class DiscoveryController {
    private final MonitoredInventory inventory;
    private final MonitoringSettings settings;
    private final ControllerTargets controllers;

    public DiscoveryController(MonitoredInventory inventory, MonitoringSettings settings,
            ControllerTargets controllers) {
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.controllers = requireNonNull(controllers, "controllers is null");
    }

    @GetMapping("/agents")
    public List<Map<String, Object>> agents() {
        return hostTargets(settings.agentPort());
    }

    @GetMapping("/node-exporters")
    public List<Map<String, Object>> nodeExporters() {
        return hostTargets(settings.nodeExporterPort());
    }

    @GetMapping("/controllers")
    public List<Map<String, Object>> controllers() {
        URI self = controllers.self();
        int port = self.getPort() != -1 ? self.getPort() : 80;
        return List.of(Map.of("targets", List.of(self.getHost() + ":" + port),
                "labels", Map.of("__scheme__", self.getScheme())));
    }

    private List<Map<String, Object>> hostTargets(int port) {
        return inventory.hosts().stream()
                .filter(host -> host.address() != null && !host.address().isBlank())
                .map(host -> target(host, port))
                .toList();
    }

    private static Map<String, Object> target(MonitoredHost host, int port) {
        String address = host.address().contains(":") ? "[" + host.address() + "]" : host.address();
        return Map.of("targets", List.of(address + ":" + port),
                "labels", Map.of("host_id", host.id(), "host", host.hostname()));
    }
}
