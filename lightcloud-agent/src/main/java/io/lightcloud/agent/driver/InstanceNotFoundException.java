package io.lightcloud.agent.driver;

/** The driver has no instance with this id on this host. */
public class InstanceNotFoundException extends DriverException {
    public InstanceNotFoundException(String instanceId) {
        super("instance " + instanceId + " does not exist on this host");
    }
}
