package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.HostInfo;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.driver.VncEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds the observed-state report of the agent protocol from the driver and the applied states. */
final class ObservedReport {
    private final VirtDriver driver;
    private final AppliedStateStore store;

    ObservedReport(VirtDriver driver, AppliedStateStore store) {
        this.driver = requireNonNull(driver, "driver");
        this.store = requireNonNull(store, "store");
    }

    /** The per-server part, which decides whether something changed since the last report. */
    List<Map<String, Object>> instances() {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (InstanceStatus status : driver.list()) {
            Map<String, Object> instance = entry(status.instanceId(), status.powerState().name());
            if (status.powerState().hasProcess()) {
                try {
                    VncEndpoint vnc = driver.vncEndpoint(status.instanceId());
                    instance.put("vnc", Map.of("host", vnc.host(), "port", vnc.port()));
                } catch (DriverException e) {
                    // The VM stopped between the two questions; the next report has it right.
                }
            }
            byId.put(status.instanceId(), instance);
        }
        for (String id : store.instanceIds()) {
            byId.computeIfAbsent(id, missing -> entry(missing, "NOSTATE"));
        }
        return new ArrayList<>(byId.values());
    }

    private Map<String, Object> entry(String id, String powerState) {
        AppliedState state = store.read(id).orElse(AppliedState.unknown(id));
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("id", id);
        instance.put("power_state", powerState.toLowerCase(Locale.ROOT));
        instance.put("applied_revision", state.appliedRevision());
        instance.put("applied_reboot", state.appliedReboot());
        instance.put("attempted_revision", state.attemptedRevision());
        if (state.errorMessage() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", state.errorMessage());
            error.put("details", state.errorDetails());
            instance.put("error", error);
        }
        instance.put("volumes", List.copyOf(state.volumes()));
        return instance;
    }

    /** The whole report: host resources and uptime with the servers. */
    static Map<String, Object> report(HostInfo host, List<Map<String, Object>> instances) {
        long running = instances.stream().filter(i -> i.get("power_state").equals("running")).count();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("uptime", uptime());
        report.put("resources", Map.of("memory_mb_free", availableMemoryMb(), "disk_gb_free", host.diskFreeGb(),
                "running_vms", running));
        report.put("instances", instances);
        return report;
    }

    /** Like the first line of uptime(1), which is what Nova shows as a hypervisor's uptime. */
    private static String uptime() {
        try {
            double seconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split("\\s+")[0]);
            String[] load = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            long minutes = (long) seconds / 60;
            return String.format(Locale.ROOT, " %s up %d days, %2d:%02d,  load average: %s, %s, %s",
                    LocalTime.now().withNano(0), minutes / 1440, minutes / 60 % 24, minutes % 60, load[0],
                    load[1], load[2]);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static long availableMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
