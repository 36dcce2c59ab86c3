package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.ImageSource;
import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.VolumeAttachment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * One server of the desired state (an InstanceSpec of the agent protocol), as the reconciler needs it. The keys of
 * reconciliation are read eagerly; the driver spec is built on use ({@link #driverSpec}), so a server whose document
 * the driver cannot take fails on its own with a readable fault instead of breaking the whole desired state.
 */
public record DesiredInstance(String id, String name, long revision, int vcpus, int memoryMb, int rootGb,
        Image image, DesiredPower power, long rebootCounter, boolean rebootHard, long rebuildCounter,
        String consoleLogUrl, JsonNode document) {
    /** The image to boot from; {@code size} -1 when the controller did not say. */
    public record Image(String id, String diskFormat, String url, long size) {
    }

    public DesiredInstance {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(power, "power");
        requireNonNull(document, "document");
    }

    public static DesiredInstance parse(JsonNode spec) {
        String id = text(spec, "id");
        JsonNode image = spec.path("image");
        return new DesiredInstance(id, spec.path("name").asString(id), spec.path("revision").asLong(),
                spec.path("vcpus").asInt(), spec.path("memory_mb").asInt(), spec.path("root_gb").asInt(),
                image.isObject() ? new Image(text(image, "id"), text(image, "disk_format"), text(image, "url"),
                        image.path("size").isNumber() ? image.path("size").asLong() : -1) : null,
                DesiredPower.parse(text(spec, "power")), spec.path("reboot").path("counter").asLong(),
                spec.path("reboot").path("hard").asBoolean(), spec.path("rebuild").path("counter").asLong(),
                spec.path("console").path("log_url").isString() ? spec.path("console").path("log_url").stringValue()
                        : null,
                spec);
    }

    /** A pending createImage request of the spec. */
    public record Snapshot(String id, String uploadUrl, String failureUrl) {
    }

    public List<Snapshot> snapshots() {
        List<Snapshot> snapshots = new ArrayList<>();
        for (JsonNode snapshot : document.path("snapshots")) {
            snapshots.add(new Snapshot(text(snapshot, "id"), text(snapshot, "upload_url"),
                    text(snapshot, "failure_url")));
        }
        return snapshots;
    }

    /** The flavor dimensions the VM runs with; a change is a resize. */
    public Flavor flavor() {
        return new Flavor(vcpus, memoryMb, rootGb);
    }

    public record Flavor(int vcpus, int memoryMb, int rootGb) {
    }

    /** Volumes whose connection is known, in the order the controller lists them. */
    public List<VolumeAttachment> readyVolumes() {
        List<VolumeAttachment> volumes = new ArrayList<>();
        for (JsonNode volume : document.path("volumes")) {
            JsonNode connection = volume.path("connection");
            if (!connection.isObject()) {
                continue;
            }
            String volumeId = text(volume, "volume_id");
            String type = connection.path("driver_volume_type").asString("");
            if (!type.equals("file")) {
                throw new IllegalArgumentException("volume " + volumeId + " has connection type '" + type
                        + "', which this agent cannot attach (only file volumes)");
            }
            volumes.add(new VolumeAttachment(volumeId, Path.of(text(connection, "path")),
                    connection.path("format").asString("raw"), false, volume.path("boot_index").asInt(-1) == 0));
        }
        return volumes;
    }

    /** Every volume listed, ready or not. */
    public Set<String> listedVolumes() {
        Set<String> ids = new TreeSet<>();
        document.path("volumes").forEach(v -> ids.add(v.path("volume_id").asString()));
        return ids;
    }

    /**
     * The driver's spec, booting from {@code imageFile} (which need not exist if the image is cached), or from the
     * boot volume when the server has no image ({@code imageFile} null).
     */
    public InstanceSpec driverSpec(Path imageFile) {
        if (image == null && readyVolumes().stream().noneMatch(VolumeAttachment::boot)) {
            throw new IllegalArgumentException("the server has neither an image nor a connected boot volume");
        }
        return new InstanceSpec(id, name, vcpus, memoryMb, rootGb,
                image == null ? null : new ImageSource(image.id(), imageFile, image.diskFormat()), metadata(),
                document.path("config_drive").isObject(), nics(), readyVolumes());
    }

    /** The ids of the server's ports, in NIC order. */
    public List<String> portIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode nic : document.path("nics")) {
            ids.add(text(nic, "port_id"));
        }
        return ids;
    }

    /** The server's NICs in order, each on the tap device of its port. */
    public List<Nic> nics() {
        List<Nic> nics = new ArrayList<>();
        for (JsonNode nic : document.path("nics")) {
            nics.add(Nic.virtio(text(nic, "tap_device"), text(nic, "mac_address")));
        }
        return nics;
    }

    private InstanceMetadata metadata() {
        JsonNode drive = document.path("config_drive");
        JsonNode meta = drive.path("meta_data");
        JsonNode userData = drive.path("user_data");
        return new InstanceMetadata(meta.path("hostname").asString(document.path("hostname").asString(name)),
                meta.path("project_id").isString() ? meta.path("project_id").stringValue() : null,
                meta.path("availability_zone").isString() ? meta.path("availability_zone").stringValue() : null,
                meta.path("launch_index").asInt(), strings(meta.path("meta")), strings(meta.path("public_keys")),
                userData.isString() ? userData.stringValue() : null,
                drive.path("network_data").isObject() ? drive.path("network_data") : null,
                drive.path("vendor_data").isObject() ? drive.path("vendor_data") : null);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.stringValue().isBlank()) {
            throw new IllegalArgumentException("instance spec field '" + field + "' is missing");
        }
        return value.stringValue();
    }
}
