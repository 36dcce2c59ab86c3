package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import java.util.OptionalLong;

/**
 * The observed state of one instance. {@code detail} explains it for an operator (the QMP run state, or why there
 * is no process).
 */
public record InstanceStatus(String instanceId, String name, PowerState powerState, OptionalLong pid, String detail) {
    public InstanceStatus {
        requireNonNull(instanceId, "instanceId");
        requireNonNull(name, "name");
        requireNonNull(powerState, "powerState");
        requireNonNull(pid, "pid");
        requireNonNull(detail, "detail");
    }
}
