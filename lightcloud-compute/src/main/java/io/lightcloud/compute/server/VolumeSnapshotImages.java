package io.lightcloud.compute.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Images that stand for a snapshot of a volume-backed server, in Nova's format: no data, and the properties
 * {@code bdm_v2}, {@code root_device_name} and {@code block_device_mapping} (a JSON list of mappings whose boot entry
 * names the volume snapshot), so that clients and other clouds read them as Nova's.
 */
final class VolumeSnapshotImages {
    static final String BDM_V2 = "bdm_v2";
    static final String BLOCK_DEVICE_MAPPING = "block_device_mapping";
    static final String ROOT_DEVICE_NAME = "root_device_name";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VolumeSnapshotImages() {
    }

    /** The properties of the image for a snapshot of the boot volume. */
    static Map<String, String> properties(String snapshotId, long volumeSizeGb, boolean deleteOnTermination) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("source_type", "snapshot");
        mapping.put("destination_type", "volume");
        mapping.put("snapshot_id", snapshotId);
        mapping.put("volume_size", volumeSizeGb);
        mapping.put("boot_index", 0);
        mapping.put("device_name", "/dev/vda");
        mapping.put("device_type", "disk");
        mapping.put("disk_bus", "virtio");
        mapping.put("delete_on_termination", deleteOnTermination);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(BDM_V2, "True");
        properties.put(ROOT_DEVICE_NAME, "/dev/vda");
        properties.put(BLOCK_DEVICE_MAPPING, JSON.writeValueAsString(List.of(mapping)));
        return properties;
    }

    /**
     * The new boot volume an image with these properties describes; empty for an ordinary image or one this cloud
     * cannot read.
     */
    static Optional<CreateServer.BlockDevice> bootDevice(Map<String, String> imageProperties) {
        String mappings = imageProperties.get(BLOCK_DEVICE_MAPPING);
        if (!"true".equalsIgnoreCase(imageProperties.get(BDM_V2)) || mappings == null) {
            return Optional.empty();
        }
        try {
            for (JsonNode mapping : JSON.readTree(mappings)) {
                boolean bootSnapshot = mapping.path("boot_index").asInt(-1) == 0
                        && "snapshot".equals(mapping.path("source_type").asString());
                if (bootSnapshot && mapping.path("snapshot_id").isString()) {
                    Long size = mapping.path("volume_size").canConvertToLong() ? mapping.path("volume_size").asLong()
                            : null;
                    return Optional.of(new CreateServer.BlockDevice("snapshot", "volume",
                            mapping.get("snapshot_id").stringValue(), 0,
                            mapping.path("delete_on_termination").asBoolean(false), null, size));
                }
            }
        } catch (JacksonException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
