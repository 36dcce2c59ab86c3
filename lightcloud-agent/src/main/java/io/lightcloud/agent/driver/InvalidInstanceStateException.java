package io.lightcloud.agent.driver;

import io.lightcloud.agent.protocol.PowerState;

/** The operation does not apply to the instance's current power state (e.g. pausing a stopped instance). */
public class InvalidInstanceStateException extends DriverException {
    public InvalidInstanceStateException(String instanceId, String operation, PowerState state) {
        super("cannot " + operation + " instance " + instanceId + " while it is " + state);
    }
}
