package io.lightcloud.agent.protocol;

import java.util.Locale;

/**
 * The power state an agent reports for an instance ({@code power_state} in the observed-state report, spelt in lower
 * case) and the API shows with Nova's numeric codes ({@code OS-EXT-STS:power_state}). CRASHED means the QEMU process
 * ended without a clean exit (killed, or QEMU itself failed) or the guest panicked; SHUTDOWN means there is no process
 * after a clean power-off.
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

    public static PowerState ofCode(int code) {
        for (PowerState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return NOSTATE;
    }

    /** Parses an agent's spelling ({@code running}, {@code shutdown}, ...); unknown values are refused. */
    public static PowerState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
