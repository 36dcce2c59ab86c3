package io.lightcloud.compute.showback;

/**
 * What a price is per. An instance interval is rated by its flavor's {@code flavor_hour} price when it has one, else
 * by its vCPUs, RAM and disk; a month is 730 hours (365 days × 24 / 12), as public clouds count it.
 */
public enum PriceKind {
    /** Per hour of a server of one flavor; the subject is the flavor id. */
    FLAVOR_HOUR("flavor_hour", true),
    VCPU_HOUR("vcpu_hour", false),
    RAM_GB_HOUR("ram_gb_hour", false),
    DISK_GB_HOUR("disk_gb_hour", false),
    /** Per GB of volume for a month; the subject is a volume type name, or {@code *} for every type. */
    VOLUME_GB_MONTH("volume_gb_month", true),
    FLOATING_IP_HOUR("floating_ip_hour", false),
    IMAGE_GB_MONTH("image_gb_month", false);

    public static final double HOURS_PER_MONTH = 730;
    public static final String ANY = "*";

    private final String code;
    private final boolean hasSubject;

    PriceKind(String code, boolean hasSubject) {
        this.code = code;
        this.hasSubject = hasSubject;
    }

    public String code() {
        return code;
    }

    public boolean hasSubject() {
        return hasSubject;
    }

    public static PriceKind ofCode(String code) {
        for (PriceKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        return null;
    }
}
