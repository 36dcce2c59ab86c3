package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the driver needs to create or start an instance: the desired state the controller sends. {@code
 * rootDiskGb} 0 means the size of the image (Nova's flavor semantics). Volumes here are attached at start. An
 * instance boots either from {@code image} (a local overlay) or, with {@code image} null, from its one volume marked
 * {@code boot}.
 */
public record InstanceSpec(String instanceId, String name, int vcpus, int memoryMb, int rootDiskGb,
        ImageSource image, InstanceMetadata metadata, boolean configDrive, List<Nic> nics,
        List<VolumeAttachment> volumes) {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public InstanceSpec {
        requireNonNull(instanceId, "instanceId");
        requireNonNull(name, "name");
        requireNonNull(metadata, "metadata");
        nics = List.copyOf(nics);
        volumes = List.copyOf(volumes);
        requireValidId(instanceId);
        if (vcpus < 1 || vcpus > 255) {
            throw new IllegalArgumentException("vcpus must be 1-255: " + vcpus);
        }
        if (memoryMb < 32) {
            throw new IllegalArgumentException("memory must be at least 32 MB: " + memoryMb);
        }
        if (rootDiskGb < 0) {
            throw new IllegalArgumentException("root disk size must not be negative: " + rootDiskGb);
        }
        Set<String> taps = new HashSet<>();
        for (Nic nic : nics) {
            if (!taps.add(nic.tapDevice())) {
                throw new IllegalArgumentException("tap device " + nic.tapDevice() + " is listed twice");
            }
        }
        Set<String> ids = new HashSet<>();
        for (VolumeAttachment volume : volumes) {
            if (!ids.add(volume.volumeId())) {
                throw new IllegalArgumentException("volume " + volume.volumeId() + " is listed twice");
            }
        }
        long bootVolumes = volumes.stream().filter(VolumeAttachment::boot).count();
        if (image == null ? bootVolumes != 1 : bootVolumes != 0) {
            throw new IllegalArgumentException("an instance boots from an image or from one boot volume, not "
                    + (image == null ? bootVolumes + " boot volumes" : "both"));
        }
    }

    /** The volume the instance boots from, when it has no image. */
    public Optional<VolumeAttachment> bootVolume() {
        return volumes.stream().filter(VolumeAttachment::boot).findFirst();
    }

    /** Instance ids are lower-case UUIDs; the driver uses them as directory names. */
    public static void requireValidId(String instanceId) {
        if (instanceId == null || !UUID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("instance id must be a lower-case UUID: " + instanceId);
        }
    }

    public Optional<VolumeAttachment> volume(String volumeId) {
        return volumes.stream().filter(v -> v.volumeId().equals(volumeId)).findFirst();
    }

    public InstanceSpec withNics(List<Nic> newNics) {
        return new InstanceSpec(instanceId, name, vcpus, memoryMb, rootDiskGb, image, metadata, configDrive, newNics,
                volumes);
    }

    public InstanceSpec withVolumes(List<VolumeAttachment> newVolumes) {
        return new InstanceSpec(instanceId, name, vcpus, memoryMb, rootDiskGb, image, metadata, configDrive, nics,
                newVolumes);
    }
}
