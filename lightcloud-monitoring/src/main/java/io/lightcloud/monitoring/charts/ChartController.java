package io.lightcloud.monitoring.charts;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.monitoring.MonitoringSettings;
import io.lightcloud.monitoring.inventory.MonitoredInventory;
import io.lightcloud.monitoring.inventory.MonitoredInventory.MonitoredServer;
import io.lightcloud.monitoring.stack.PrometheusClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The standard charts of a server (its project's readers), of a host and of the whole cloud (admins), over
 * {@code range} 1h, 6h, 24h or 7d. The PromQL is the controller's own, scoped by ids it looked up: a server another
 * project owns is a 404, as Nova answers, and callers never send PromQL.
 */
@RestController
@RequestMapping("/lightcloud/v1/monitoring")
public class ChartController {
    private final MonitoredInventory inventory;
    private final PrometheusClient prometheus;
    private final PolicyEnforcer policy;
    private final MonitoringSettings settings;

    public ChartController(MonitoredInventory inventory, PrometheusClient prometheus, PolicyEnforcer policy,
            MonitoringSettings settings) {
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.prometheus = requireNonNull(prometheus, "prometheus is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    @GetMapping("/servers/{serverId}/charts")
    public Map<String, Object> server(AuthContext caller, @PathVariable String serverId,
            @RequestParam(required = false) String range) {
        MonitoredServer server = visibleServer(caller, serverId);
        policy.enforce("lightcloud:monitoring:server_charts", caller,
                Map.of("target.project_id", server.projectId()));
        ChartRange period = ChartRange.parse(range);
        return charts(period, ChartCatalog.server(PromQl.matcher("instance_id", server.id()),
                period.rateWindow(settings.scrapeInterval())));
    }

    @GetMapping("/hosts/{hostId}/charts")
    public Map<String, Object> host(AuthContext caller, @PathVariable String hostId,
            @RequestParam(required = false) String range) {
        policy.enforce("lightcloud:monitoring:host_charts", caller);
        MonitoredInventory.MonitoredHost host = inventory.host(hostId)
                .orElseThrow(() -> ApiException.notFound("Host " + hostId + " could not be found."));
        ChartRange period = ChartRange.parse(range);
        return charts(period, ChartCatalog.host(PromQl.matcher("host_id", host.id()),
                period.rateWindow(settings.scrapeInterval())));
    }

    @GetMapping("/cloud/charts")
    public Map<String, Object> cloud(AuthContext caller, @RequestParam(required = false) String range) {
        policy.enforce("lightcloud:monitoring:cloud_charts", caller);
        ChartRange period = ChartRange.parse(range);
        return charts(period, ChartCatalog.cloud(period.rateWindow(settings.scrapeInterval())));
    }

    /** The server if the caller may see it; 404 otherwise, so other projects' server ids are not confirmed. */
    private MonitoredServer visibleServer(AuthContext caller, String serverId) {
        return inventory.server(serverId)
                .filter(s -> caller.isAdmin() || s.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ApiException.notFound("Instance " + serverId + " could not be found."));
    }

    private Map<String, Object> charts(ChartRange period, Map<String, ChartCatalog.Chart> catalog) {
        Duration step = period.step(settings.scrapeInterval());
        Instant end = Instant.now();
        Instant start = end.minus(period.length());
        List<Map<String, Object>> series = new ArrayList<>();
        for (Map.Entry<String, ChartCatalog.Chart> chart : catalog.entrySet()) {
            List<List<Object>> points = new ArrayList<>();
            JsonNode result = prometheus.queryRange(chart.getValue().query(), start, end, step);
            if (!result.isEmpty()) {
                for (JsonNode value : result.get(0).path("values")) {
                    String number = value.get(1).asString();
                    points.add(List.of(value.get(0).asLong(), number.equals("NaN") ? 0.0 : Double.parseDouble(number)));
                }
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("metric", chart.getKey());
            view.put("unit", chart.getValue().unit());
            view.put("points", points);
            series.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("range", period.wire());
        body.put("step_seconds", step.toSeconds());
        body.put("start", start.getEpochSecond());
        body.put("end", end.getEpochSecond());
        body.put("series", series);
        return Map.of("charts", body);
    }
}
