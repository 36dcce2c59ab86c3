package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import java.util.Set;

/**
 * What an agent reports about one server: its power state, the last spec revision and reboot counter it fully
 * applied, the revision it last attempted and the error that attempt ended with (null when none), its VNC endpoint
 * and the volumes plugged into it.
 */
public record ObservedInstance(String id, PowerState power, long appliedRevision, long appliedReboot,
        long attemptedRevision, String errorMessage, String errorDetails, String vncHost, Integer vncPort,
        Set<String> volumes) {
    public ObservedInstance {
        requireNonNull(id, "id is null");
        requireNonNull(power, "power is null");
        volumes = Set.copyOf(volumes);
    }

    public boolean failed() {
        return errorMessage != null;
    }
}
