package io.lightcloud.loadtest.run;

import java.util.Locale;

/** Where a run is: waiting, on executors, being stopped, or ended (passed, failed a threshold, stopped, error). */
public enum RunStatus {
    QUEUED, RUNNING, STOPPING, PASSED, FAILED, STOPPED, ERROR;

    public boolean ended() {
        return this == PASSED || this == FAILED || this == STOPPED || this == ERROR;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
