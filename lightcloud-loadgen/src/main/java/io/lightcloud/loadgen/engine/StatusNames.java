package io.lightcloud.loadgen.engine;

/** Status codes as the strings results are keyed by, made once rather than per response. */
final class StatusNames {
    private static final String[] NAMES = new String[600];

    static {
        for (int code = 0; code < NAMES.length; code++) {
            NAMES[code] = Integer.toString(code);
        }
    }

    private StatusNames() {
    }

    static String of(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : Integer.toString(code);
    }
}
