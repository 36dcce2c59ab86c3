package io.lightcloud.agent.metrics;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** The VMs to export and how to ask one for its block statistics (QMP {@code query-blockstats}). */
public interface VmInventory {
    /** Every VM of the host, running or not. */
    List<MonitoredVm> vms();

    /** The {@code query-blockstats} answer; throws when the VM is gone or its monitor does not answer. */
    JsonNode blockStats(String instanceId);
}
