package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking.NicRequest;
import java.util.List;
import java.util.Map;

/**
 * A validated create request, before any lookup. {@code nics} are the requested networks in order (empty for
 * {@code none}, an empty list or no {@code networks} at all); {@code securityGroups} the requested groups' names
 * (empty for the project's default group).
 */
public record CreateServer(String name, String description, String hostname, String imageRef, String flavorRef,
        String keyName, String userData, Map<String, String> metadata, String availabilityZone, int minCount,
        int maxCount, String groupId, boolean configDrive, String accessIpV4, String accessIpV6,
        List<BlockDevice> blockDevices, List<String> tags, boolean returnReservationId, List<NicRequest> nics,
        List<String> securityGroups) {

    /**
     * A block_device_mapping_v2 entry Lightcloud can honour: an existing volume, the image as local disk, or a new
     * boot volume made from an image or a volume snapshot ({@code volumeSizeGb} null takes the snapshot's size).
     */
    public record BlockDevice(String sourceType, String destinationType, String uuid, Integer bootIndex,
            boolean deleteOnTermination, String tag, Long volumeSizeGb) {
        public boolean isBoot() {
            return bootIndex != null && bootIndex == 0;
        }

        public boolean isNewVolume() {
            return ("image".equals(sourceType) || "snapshot".equals(sourceType)) && "volume".equals(destinationType);
        }
    }

    public CreateServer {
        requireNonNull(name, "name is null");
        requireNonNull(flavorRef, "flavorRef is null");
        metadata = Map.copyOf(metadata);
        blockDevices = List.copyOf(blockDevices);
        tags = List.copyOf(tags);
        nics = List.copyOf(nics);
        securityGroups = List.copyOf(securityGroups);
    }

    /** The existing volume the server boots from; null when it boots from an image (or a new volume). */
    public BlockDevice bootVolume() {
        return blockDevices.stream().filter(b -> "volume".equals(b.sourceType()) && b.isBoot()).findFirst()
                .orElse(null);
    }

    /** The new volume (from an image or a snapshot) that the server boots from; null when there is none. */
    public BlockDevice newBootVolume() {
        return blockDevices.stream().filter(b -> b.isNewVolume() && b.isBoot()).findFirst().orElse(null);
    }
}
