package io.lightcloud.monitoring.charts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard charts of a server, a host and the whole cloud, as PromQL over the agents' and node exporters'
 * series. {@code selector} is the label matcher the caller's scope allows (built by {@link PromQl}).
 */
public final class ChartCatalog {
    private ChartCatalog() {
    }

    public record Chart(String unit, String query) {
    }

    /** CPU busy percent of a server's vCPUs together (100 = every vCPU busy). */
    public static String serverCpuPercent(String selector, Duration window) {
        return "100 * sum(rate(lightcloud_vm_vcpu_seconds_total{" + selector + "}[" + PromQl.seconds(window)
                + "])) / count(lightcloud_vm_vcpu_seconds_total{" + selector + "})";
    }

    public static Map<String, Chart> server(String selector, Duration window) {
        String w = "[" + PromQl.seconds(window) + "]";
        Map<String, Chart> charts = new LinkedHashMap<>();
        charts.put("cpu_percent", new Chart("percent", serverCpuPercent(selector, window)));
        charts.put("memory_rss_bytes", new Chart("bytes", "sum(lightcloud_vm_memory_rss_bytes{" + selector + "})"));
        charts.put("disk_read_bytes_per_second", new Chart("bytes/s",
                "sum(rate(lightcloud_vm_disk_read_bytes_total{" + selector + "}" + w + "))"));
        charts.put("disk_write_bytes_per_second", new Chart("bytes/s",
                "sum(rate(lightcloud_vm_disk_write_bytes_total{" + selector + "}" + w + "))"));
        charts.put("network_receive_bytes_per_second", new Chart("bytes/s",
                "sum(rate(lightcloud_vm_network_receive_bytes_total{" + selector + "}" + w + "))"));
        charts.put("network_transmit_bytes_per_second", new Chart("bytes/s",
                "sum(rate(lightcloud_vm_network_transmit_bytes_total{" + selector + "}" + w + "))"));
        return charts;
    }

    public static Map<String, Chart> host(String selector, Duration window) {
        String w = "[" + PromQl.seconds(window) + "]";
        Map<String, Chart> charts = new LinkedHashMap<>();
        charts.put("cpu_percent", new Chart("percent", "100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\","
                + selector + "}" + w + ")))"));
        charts.put("memory_used_percent", new Chart("percent", "100 * (1 - sum(node_memory_MemAvailable_bytes{"
                + selector + "}) / sum(node_memory_MemTotal_bytes{" + selector + "}))"));
        charts.put("disk_used_percent", new Chart("percent", "100 * (1 - sum(node_filesystem_avail_bytes{"
                + "mountpoint=\"/\"," + selector + "}) / sum(node_filesystem_size_bytes{mountpoint=\"/\","
                + selector + "}))"));
        charts.put("network_receive_bytes_per_second", new Chart("bytes/s",
                "sum(rate(node_network_receive_bytes_total{device!=\"lo\"," + selector + "}" + w + "))"));
        charts.put("network_transmit_bytes_per_second", new Chart("bytes/s",
                "sum(rate(node_network_transmit_bytes_total{device!=\"lo\"," + selector + "}" + w + "))"));
        charts.put("running_vms", new Chart("count", "sum(lightcloud_vm_running{" + selector + "})"));
        charts.put("vm_cpu_seconds_per_second", new Chart("cores",
                "sum(rate(lightcloud_vm_vcpu_seconds_total{" + selector + "}" + w + "))"));
        return charts;
    }

    public static Map<String, Chart> cloud(Duration window) {
        String w = "[" + PromQl.seconds(window) + "]";
        Map<String, Chart> charts = new LinkedHashMap<>();
        charts.put("host_cpu_percent", new Chart("percent",
                "100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\"}" + w + ")))"));
        charts.put("memory_used_percent", new Chart("percent",
                "100 * (1 - sum(node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes))"));
        charts.put("running_vms", new Chart("count", "sum(lightcloud_vm_running)"));
        charts.put("vms_down", new Chart("count", "sum(lightcloud_vm_down)"));
        charts.put("vm_cpu_seconds_per_second", new Chart("cores",
                "sum(rate(lightcloud_vm_vcpu_seconds_total" + w + "))"));
        charts.put("agents_up", new Chart("count", "sum(up{job=\"lightcloud-agents\"})"));
        return charts;
    }
}
