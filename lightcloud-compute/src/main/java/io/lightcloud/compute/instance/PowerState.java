package io.lightcloud.compute.instance;

import java.util.Locale;

/** Nova's power states as the API shows them ({@code OS-EXT-STS:power_state}), and as agents report them. */
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
