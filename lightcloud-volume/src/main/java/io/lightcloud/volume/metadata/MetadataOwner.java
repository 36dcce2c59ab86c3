package io.lightcloud.volume.metadata;

/** The resources that carry free-form metadata, with the table that holds it. */
public enum MetadataOwner {
    VOLUME("volume_volume_metadata", "volume_id"),
    SNAPSHOT("volume_snapshot_metadata", "snapshot_id");

    private final String table;
    private final String column;

    MetadataOwner(String table, String column) {
        this.table = table;
        this.column = column;
    }

    String table() {
        return table;
    }

    String column() {
        return column;
    }
}
