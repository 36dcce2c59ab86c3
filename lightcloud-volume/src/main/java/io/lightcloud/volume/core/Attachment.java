package io.lightcloud.volume.core;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;

/**
 * A volume's attachment to a server (Cinder's {@code volume_attachment}): reserved for an instance, then connected
 * to a host (the connector says which), then attached. Without a connector there is nothing to connect yet.
 */
public record Attachment(
        String id,
        String volumeId,
        String projectId,
        String instanceUuid,
        String attachedHost,
        String mountpoint,
        String attachMode,
        Status status,
        Map<String, Object> connector,
        OffsetDateTime attachTime,
        OffsetDateTime createdAt) {
    public Attachment {
        requireNonNull(id, "id is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(status, "status is null");
    }

    public enum Status {
        RESERVED,
        ATTACHING,
        ATTACHED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromDatabase(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }
}
