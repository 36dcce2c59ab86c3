package io.lightcloud.agent.runtime;

import java.util.Locale;

/** The power state the controller wants a server in ({@code power} of an InstanceSpec). */
public enum DesiredPower {
    RUNNING,
    STOPPED,
    PAUSED,
    SUSPENDED;

    static DesiredPower parse(String wire) {
        try {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown power '" + wire + "'");
        }
    }
}
