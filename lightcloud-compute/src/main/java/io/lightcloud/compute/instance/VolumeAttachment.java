package io.lightcloud.compute.instance;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A volume attached to a server (Nova's block device mapping). {@code status} is {@code creating} while a new boot
 * volume is made from an image (its {@code attachmentId} is null until the volume is reserved), {@code attaching}
 * until the agent reports the volume plugged in, {@code attached}, then {@code detaching} until the agent reports it
 * unplugged. {@code connection} is the volume service's connection info for the server's host (null before it has
 * one).
 */
public record VolumeAttachment(String id, String instanceId, String volumeId, String attachmentId, String device,
        Integer bootIndex, boolean deleteOnTermination, String tag, String status, String driverVolumeType,
        Map<String, Object> connection, OffsetDateTime createdAt) {
    public static final String CREATING = "creating";
    public static final String ATTACHING = "attaching";
    public static final String ATTACHED = "attached";
    public static final String DETACHING = "detaching";

    public VolumeAttachment {
        requireNonNull(id, "id is null");
        requireNonNull(volumeId, "volumeId is null");
        connection = connection == null ? null : Map.copyOf(connection);
    }
}
