package io.lightcloud.compute.server;

import java.util.Locale;

/** The power state a user asked for; agents bring the server to it. */
public enum DesiredPower {
    RUNNING,
    STOPPED,
    PAUSED,
    SUSPENDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DesiredPower parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** The power state an agent reports once it reached this one. */
    public PowerState expected() {
        return switch (this) {
            case RUNNING -> PowerState.RUNNING;
            case STOPPED -> PowerState.SHUTDOWN;
            case PAUSED -> PowerState.PAUSED;
            case SUSPENDED -> PowerState.SUSPENDED;
        };
    }
}
