package io.lightcloud.agent.metrics;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.protocol.PowerState;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.runtime.DesiredInstance;
import io.lightcloud.agent.runtime.DesiredPower;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The agent's VMs for the exporter: what the driver observes (the QEMU pid), labelled from the desired state the
 * controller sent (project, ports, whether it should run). A VM the controller no longer lists is still exported
 * while its process runs, with an empty project.
 */
public final class AgentVmInventory implements VmInventory {
    private final VirtDriver driver;
    private final Function<String, DesiredInstance> desired;
    private final Function<String, JsonNode> blockStats;

    public AgentVmInventory(VirtDriver driver, Function<String, DesiredInstance> desired,
            Function<String, JsonNode> blockStats) {
        this.driver = requireNonNull(driver, "driver");
        this.desired = requireNonNull(desired, "desired");
        this.blockStats = requireNonNull(blockStats, "blockStats");
    }

    @Override
    public List<MonitoredVm> vms() {
        List<MonitoredVm> vms = new ArrayList<>();
        for (InstanceStatus status : driver.list()) {
            DesiredInstance spec = desired.apply(status.instanceId());
            boolean live = status.powerState() == PowerState.RUNNING || status.powerState() == PowerState.PAUSED;
            long pid = live ? status.pid().orElse(0) : 0;
            String project = "";
            Map<String, String> ports = new HashMap<>();
            if (spec != null) {
                project = spec.document().path("project_id").asString("");
                for (JsonNode nic : spec.document().path("nics")) {
                    ports.put(nic.path("tap_device").asString(""), nic.path("port_id").asString(""));
                }
            }
            vms.add(new MonitoredVm(status.instanceId(), project, pid,
                    spec != null && spec.power() == DesiredPower.RUNNING, ports));
        }
        return vms;
    }

    @Override
    public JsonNode blockStats(String instanceId) {
        return blockStats.apply(instanceId);
    }
}
