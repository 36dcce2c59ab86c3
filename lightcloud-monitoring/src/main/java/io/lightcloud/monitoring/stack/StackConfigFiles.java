package io.lightcloud.monitoring.stack;

import io.lightcloud.monitoring.MonitoringSettings;
import java.net.URI;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration files Lightcloud writes for Prometheus and Alertmanager. Every target comes from the controller's
 * discovery endpoints, so adding a host needs no edit here; the YAML is written with JSON-quoted scalars (valid YAML)
 * so that paths and URLs need no escaping rules of their own.
 */
public final class StackConfigFiles {
    public static final String SD_PATH = "/lightcloud/v1/monitoring/sd/";
    public static final String RECEIVER_PATH = "/lightcloud/v1/monitoring/alertmanager/notifications";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StackConfigFiles() {
    }

    public static String prometheus(MonitoringSettings settings, URI controller, URI alertmanager) {
        String interval = seconds(settings.scrapeInterval().toSeconds());
        String credentials = settings.credentialFile().toString();
        StringBuilder yaml = new StringBuilder()
                .append("# Written by Lightcloud at every start; edits are overwritten.\n")
                .append("global:\n")
                .append("  scrape_interval: ").append(interval).append('\n')
                .append("  evaluation_interval: ").append(interval).append('\n')
                .append("rule_files:\n")
                .append("  - ").append(q(settings.rulesDir().resolve("*.yml").toString())).append('\n');
        if (alertmanager != null) {
            yaml.append("alerting:\n")
                    .append("  alertmanagers:\n")
                    .append("    - scheme: ").append(alertmanager.getScheme()).append('\n')
                    .append("      path_prefix: ").append(q(alertmanager.getPath().isEmpty() ? "/"
                            : alertmanager.getPath())).append('\n')
                    .append("      static_configs:\n")
                    .append("        - targets: [").append(q(hostPort(alertmanager))).append("]\n");
        }
        yaml.append("scrape_configs:\n");
        job(yaml, "lightcloud-agents", credentials, true, controller, "agents", interval);
        job(yaml, "node", credentials, false, controller, "node-exporters", interval);
        job(yaml, "lightcloud-controllers", credentials, true, controller, "controllers", interval);
        return yaml.toString();
    }

    public static String alertmanager(MonitoringSettings settings, URI controller) {
        long groupWait = Math.max(1, settings.alertGroupWait().toSeconds());
        return "# Written by Lightcloud at every start; edits are overwritten.\n"
                + "route:\n"
                + "  receiver: lightcloud\n"
                + "  group_by: [project_id, rule_id]\n"
                + "  group_wait: " + seconds(groupWait) + "\n"
                + "  group_interval: " + seconds(groupWait * 6) + "\n"
                + "  repeat_interval: 4h\n"
                + "receivers:\n"
                + "  - name: lightcloud\n"
                + "    webhook_configs:\n"
                + "      - url: " + q(controller.resolve(RECEIVER_PATH).toString()) + "\n"
                + "        send_resolved: true\n"
                + "        max_alerts: 0\n"
                + "        http_config:\n"
                + "          authorization: {type: Bearer, credentials_file: "
                + q(settings.credentialFile().toString()) + "}\n";
    }

    private static void job(StringBuilder yaml, String name, String credentials, boolean scrapeAuthenticated,
            URI controller, String sd, String interval) {
        String auth = "{type: Bearer, credentials_file: " + q(credentials) + "}";
        yaml.append("  - job_name: ").append(q(name)).append('\n')
                .append("    metrics_path: \"/metrics\"\n");
        if (scrapeAuthenticated) {
            yaml.append("    authorization: ").append(auth).append('\n');
        }
        yaml.append("    http_sd_configs:\n")
                .append("      - url: ").append(q(controller.resolve(SD_PATH + sd).toString())).append('\n')
                .append("        refresh_interval: ").append(interval).append('\n')
                .append("        authorization: ").append(auth).append('\n');
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static String seconds(long seconds) {
        return seconds + "s";
    }

    static String q(String value) {
        return JSON.writeValueAsString(value);
    }
}
