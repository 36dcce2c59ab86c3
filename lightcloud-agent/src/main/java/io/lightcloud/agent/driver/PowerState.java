package io.lightcloud.agent.driver;

/**
 * The power state the hypervisor reports, with Nova's numeric codes (the {@code OS-EXT-STS:power_state} values).
 * CRASHED means the QEMU process ended without a clean exit (killed, or QEMU itself failed) or the guest panicked;
 * SHUTDOWN means there is no process after a clean power-off.
 */
public enum PowerState {
    NOSTATE(0),
    RUNNING(1),
    PAUSED(3),
    SHUTDOWN(4),
    CRASHED(6),
    SUSPENDED(7);

    private final int code;

    PowerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether a QEMU process exists for the instance (running or paused). */
    public boolean hasProcess() {
        return this == RUNNING || this == PAUSED;
    }
}
