package io.lightcloud.monitoring.alerting;

import io.lightcloud.monitoring.charts.PromQl;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The metrics a rule can watch: a server's (evaluated per server) and, for admins, a host's (per host). Each renders
 * to PromQL with the scope's label matcher and keeps the identifying labels in its {@code by} clause.
 */
public enum AlertMetric {
    CPU_PERCENT(false, "percent") {
        @Override
        String query(String selector, Duration window) {
            return "100 * sum by (instance_id, project_id) (rate(lightcloud_vm_vcpu_seconds_total{" + selector + "}["
                    + PromQl.seconds(window) + "])) / count by (instance_id, project_id) "
                    + "(lightcloud_vm_vcpu_seconds_total{" + selector + "})";
        }
    },
    MEMORY_RSS_BYTES(false, "bytes") {
        @Override
        String query(String selector, Duration window) {
            return "sum by (instance_id, project_id) (lightcloud_vm_memory_rss_bytes{" + selector + "})";
        }
    },
    DISK_READ_BYTES_PER_SECOND(false, "bytes/s") {
        @Override
        String query(String selector, Duration window) {
            return rate("lightcloud_vm_disk_read_bytes_total", selector, window);
        }
    },
    DISK_WRITE_BYTES_PER_SECOND(false, "bytes/s") {
        @Override
        String query(String selector, Duration window) {
            return rate("lightcloud_vm_disk_write_bytes_total", selector, window);
        }
    },
    NETWORK_RECEIVE_BYTES_PER_SECOND(false, "bytes/s") {
        @Override
        String query(String selector, Duration window) {
            return rate("lightcloud_vm_network_receive_bytes_total", selector, window);
        }
    },
    NETWORK_TRANSMIT_BYTES_PER_SECOND(false, "bytes/s") {
        @Override
        String query(String selector, Duration window) {
            return rate("lightcloud_vm_network_transmit_bytes_total", selector, window);
        }
    },
    /** 1 while a server that should run does not; its comparator and threshold are fixed ({@code > 0}). */
    INSTANCE_DOWN(false, "") {
        @Override
        String query(String selector, Duration window) {
            return "max by (instance_id, project_id) (lightcloud_vm_down{" + selector + "})";
        }
    },
    HOST_CPU_PERCENT(true, "percent") {
        @Override
        String query(String selector, Duration window) {
            return "100 * (1 - avg by (host_id, host) (rate(node_cpu_seconds_total{mode=\"idle\"" + comma(selector)
                    + "}[" + PromQl.seconds(window) + "])))";
        }
    },
    HOST_MEMORY_PERCENT(true, "percent") {
        @Override
        String query(String selector, Duration window) {
            return "100 * (1 - sum by (host_id, host) (node_memory_MemAvailable_bytes{" + selector
                    + "}) / sum by (host_id, host) (node_memory_MemTotal_bytes{" + selector + "}))";
        }
    },
    HOST_DISK_PERCENT(true, "percent") {
        @Override
        String query(String selector, Duration window) {
            return "100 * (1 - sum by (host_id, host) (node_filesystem_avail_bytes{mountpoint=\"/\""
                    + comma(selector) + "}) / sum by (host_id, host) (node_filesystem_size_bytes{mountpoint=\"/\""
                    + comma(selector) + "}))";
        }
    };

    private final boolean hostMetric;
    private final String unit;

    AlertMetric(boolean hostMetric, String unit) {
        this.hostMetric = hostMetric;
        this.unit = unit;
    }

    abstract String query(String selector, Duration window);

    public boolean hostMetric() {
        return hostMetric;
    }

    public String unit() {
        return unit;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertMetric> parse(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire().equals(wire)).findFirst();
    }

    private static String rate(String counter, String selector, Duration window) {
        return "sum by (instance_id, project_id) (rate(" + counter + "{" + selector + "}[" + PromQl.seconds(window)
                + "]))";
    }

    private static String comma(String selector) {
        return selector.isEmpty() ? "" : "," + selector;
    }
}
