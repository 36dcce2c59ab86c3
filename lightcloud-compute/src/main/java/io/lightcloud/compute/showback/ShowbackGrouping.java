package io.lightcloud.compute.showback;

import java.util.List;

/** How a showback report is split into lines, and the columns that name a line. */
public enum ShowbackGrouping {
    PROJECT("project", List.of("project_id")),
    USER("user", List.of("project_id", "user_id")),
    /** One line per server, and one per volume, floating IP and image, which belong to no server. */
    SERVER("server", List.of("project_id", "user_id", "resource_type", "resource_id", "name"));

    private final String code;
    private final List<String> keyColumns;

    ShowbackGrouping(String code, List<String> keyColumns) {
        this.code = code;
        this.keyColumns = keyColumns;
    }

    public String code() {
        return code;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public static ShowbackGrouping ofCode(String code) {
        for (ShowbackGrouping grouping : values()) {
            if (grouping.code.equals(code)) {
                return grouping;
            }
        }
        return null;
    }
}
