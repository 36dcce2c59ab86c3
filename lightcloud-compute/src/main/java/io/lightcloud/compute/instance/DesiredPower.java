package io.lightcloud.compute.instance;

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
}
