package io.lightcloud.compute.usage;

/** The kinds of resources besides instances that the ledger meters. */
public enum ResourceKind {
    VOLUME("volume"),
    FLOATING_IP("floating_ip"),
    IMAGE("image");

    private final String code;

    ResourceKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ResourceKind ofCode(String code) {
        for (ResourceKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown resource kind: " + code);
    }
}
