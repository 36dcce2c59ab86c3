package io.lightcloud.agent.driver;

/** The operation does not apply to the instance's current power state (e.g. pausing a stopped instance). */
public class InvalidInstanceStateException extends DriverException {
    public InvalidInstanceStateException(String instanceId, String operation, PowerState state) {
        super("cannot " + operation + " instance " + instanceId + " while it is " + state);
    }
}
