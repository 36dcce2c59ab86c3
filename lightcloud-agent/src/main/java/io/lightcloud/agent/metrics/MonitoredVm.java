package io.lightcloud.agent.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A VM as the exporter labels it: ids only (never names), its QEMU process ({@code pid} 0 when none runs), whether
 * the controller wants it running, and the port id of each tap. {@code projectId} is empty when the controller did
 * not say.
 */
public record MonitoredVm(String instanceId, String projectId, long pid, boolean shouldRun,
        Map<String, String> portsByTap) {
    public MonitoredVm {
        requireNonNull(instanceId, "instanceId");
        requireNonNull(projectId, "projectId");
        portsByTap = Map.copyOf(portsByTap);
    }

    public boolean running() {
        return pid > 0;
    }
}
