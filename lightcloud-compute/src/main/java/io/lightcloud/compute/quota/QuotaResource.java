package io.lightcloud.compute.quota;

import java.util.Arrays;
import java.util.Optional;

/**
 * Nova's quota resources with Nova's default limits. The network ones are shown before microversion 2.36 and the
 * injected-file ones before 2.57, as Nova does; Lightcloud enforces neither (there is no file injection, and
 * networks are the network service's).
 */
public enum QuotaResource {
    INSTANCES("instances", 10, 0),
    CORES("cores", 20, 0),
    RAM("ram", 51200, 0),
    METADATA_ITEMS("metadata_items", 128, 0),
    INJECTED_FILES("injected_files", 5, 57),
    INJECTED_FILE_CONTENT_BYTES("injected_file_content_bytes", 10240, 57),
    INJECTED_FILE_PATH_BYTES("injected_file_path_bytes", 255, 57),
    KEY_PAIRS("key_pairs", 100, 0),
    SERVER_GROUPS("server_groups", 10, 0),
    SERVER_GROUP_MEMBERS("server_group_members", 10, 0),
    FIXED_IPS("fixed_ips", -1, 36),
    FLOATING_IPS("floating_ips", 10, 36),
    SECURITY_GROUPS("security_groups", 10, 36),
    SECURITY_GROUP_RULES("security_group_rules", 20, 36);

    private final String key;
    private final long defaultLimit;
    private final int removedInMinor;

    QuotaResource(String key, long defaultLimit, int removedInMinor) {
        this.key = key;
        this.defaultLimit = defaultLimit;
        this.removedInMinor = removedInMinor;
    }

    public String key() {
        return key;
    }

    public long defaultLimit() {
        return defaultLimit;
    }

    /** Whether the resource appears in quota bodies at microversion 2.{@code minor}. */
    public boolean shownAt(int minor) {
        return removedInMinor == 0 || minor < removedInMinor;
    }

    public static Optional<QuotaResource> byKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}
