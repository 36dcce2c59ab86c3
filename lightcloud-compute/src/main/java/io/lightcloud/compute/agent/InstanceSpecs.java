package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.healing.HaPolicy;
import io.lightcloud.compute.server.ImageMeta;
import io.lightcloud.compute.server.Instance;
import io.lightcloud.compute.server.InstanceRepository;
import io.lightcloud.compute.volume.VolumeAttachment;
import io.lightcloud.compute.volume.VolumeAttachmentRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the desired state of a host's servers, the InstanceSpec documents of {@code docs/agent-protocol.md}. It
 * is a full description, never a delta, so an agent that restarted (or missed a change) converges from one read.
 */
@Component
public class InstanceSpecs {
    private final InstanceRepository instances;
    private final VolumeAttachmentRepository attachments;
    private final HaPolicy haPolicy;
    private final JdbcClient jdbc;

    public InstanceSpecs(InstanceRepository instances, VolumeAttachmentRepository attachments, HaPolicy haPolicy,
            JdbcClient jdbc) {
        this.instances = requireNonNull(instances, "instances is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.haPolicy = requireNonNull(haPolicy, "haPolicy is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public List<Map<String, Object>> forHost(String hostId) {
        List<Instance> live = instances.listByHost(hostId);
        List<String> ids = live.stream().map(Instance::id).toList();
        Map<String, Map<String, String>> metadata = instances.metadata(ids);
        Map<String, List<VolumeAttachment>> volumes = attachments.list(ids);
        Map<String, List<Map<String, Object>>> snapshots = pendingSnapshots(hostId);
        List<Map<String, Object>> specs = new ArrayList<>(live.size());
        for (Instance i : live) {
            specs.add(spec(i, metadata.getOrDefault(i.id(), Map.of()), volumes.getOrDefault(i.id(), List.of()),
                    snapshots.getOrDefault(i.id(), List.of())));
        }
        return specs;
    }

    private Map<String, Object> spec(Instance i, Map<String, String> metadata, List<VolumeAttachment> volumes,
            List<Map<String, Object>> snapshots) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", i.id());
        spec.put("name", i.name());
        spec.put("hostname", i.hostname());
        spec.put("revision", i.revision());
        spec.put("vcpus", i.flavor().vcpus());
        spec.put("memory_mb", i.flavor().memoryMb());
        spec.put("root_gb", i.flavor().rootGb());
        spec.put("ephemeral_gb", i.flavor().ephemeralGb());
        spec.put("swap_mb", i.flavor().swapMb());
        spec.put("flavor", Map.of("id", i.flavor().id(), "name", i.flavor().name(),
                "extra_specs", i.flavor().extraSpecs()));
        spec.put("image", image(i.imageMeta()));
        spec.put("power", i.desiredPower().wire());
        spec.put("reboot", Map.of("counter", i.rebootCounter(), "hard", i.rebootHard()));
        spec.put("rebuild", Map.of("counter", i.rebuildCounter()));
        spec.put("config_drive", configDrive(i, metadata));
        List<Map<String, Object>> disks = new ArrayList<>();
        for (VolumeAttachment a : volumes) {
            if (!a.status().equals(VolumeAttachment.DETACHING)) {
                disks.add(volume(a));
            }
        }
        spec.put("volumes", disks);
        spec.put("nics", List.of());
        spec.put("ha", Map.of("enabled", haPolicy.enabled(i.flavor().extraSpecs(), metadata),
                "max_restarts", haPolicy.maxRestarts(), "window_seconds", haPolicy.window().toSeconds()));
        spec.put("snapshots", snapshots);
        spec.put("console", Map.of("log_url", "/lightcloud/v1/agent/instances/" + i.id() + "/console-log"));
        return spec;
    }

    private static Object image(ImageMeta image) {
        if (image.id() == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", image.id());
        view.put("name", image.name());
        view.put("disk_format", image.diskFormat());
        view.put("checksum", image.properties().get("checksum"));
        view.put("size", image.size());
        view.put("virtual_size", image.virtualSize());
        view.put("properties", image.properties());
        view.put("url", "/lightcloud/v1/agent/images/" + image.id());
        return view;
    }

    private static Map<String, Object> volume(VolumeAttachment a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("volume_id", a.volumeId());
        view.put("attachment_id", a.attachmentId());
        view.put("serial", a.volumeId().length() > 20 ? a.volumeId().substring(0, 20) : a.volumeId());
        view.put("device", a.device());
        view.put("boot_index", a.bootIndex());
        if (a.connection() == null) {
            view.put("connection", null);
        } else {
            Map<String, Object> connection = new LinkedHashMap<>();
            connection.put("driver_volume_type", a.driverVolumeType());
            connection.putAll(a.connection());
            view.put("connection", connection);
        }
        return view;
    }

    private static Map<String, Object> configDrive(Instance i, Map<String, String> metadata) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("uuid", i.id());
        meta.put("name", i.name());
        meta.put("hostname", i.hostname());
        meta.put("launch_index", i.launchIndex());
        meta.put("availability_zone", i.availabilityZone());
        meta.put("project_id", i.projectId());
        Map<String, String> publicKeys = new LinkedHashMap<>();
        List<Map<String, Object>> keys = new ArrayList<>();
        if (i.keyName() != null && i.keyData() != null) {
            publicKeys.put(i.keyName(), i.keyData());
            keys.add(Map.of("name", i.keyName(), "type", i.keyData().startsWith("-----BEGIN") ? "x509" : "ssh",
                    "data", i.keyData()));
        }
        meta.put("public_keys", publicKeys);
        meta.put("keys", keys);
        meta.put("meta", metadata);
        meta.put("devices", List.of());
        Map<String, Object> drive = new LinkedHashMap<>();
        drive.put("meta_data", meta);
        drive.put("user_data", i.userData());
        drive.put("vendor_data", Map.of());
        drive.put("network_data", Map.of("links", List.of(), "networks", List.of(), "services", List.of()));
        return drive;
    }

    private Map<String, List<Map<String, Object>>> pendingSnapshots(String hostId) {
        Map<String, List<Map<String, Object>>> snapshots = new LinkedHashMap<>();
        jdbc.sql("SELECT id, instance_id, image_name FROM compute_snapshot WHERE host_id = ? AND status = 'pending' "
                + "ORDER BY created_at").param(hostId).query(rs -> {
                    String id = rs.getString("id");
                    Map<String, Object> snapshot = new LinkedHashMap<>();
                    snapshot.put("id", id);
                    snapshot.put("image_name", rs.getString("image_name"));
                    snapshot.put("upload_url", "/lightcloud/v1/agent/snapshots/" + id);
                    snapshot.put("failure_url", "/lightcloud/v1/agent/snapshots/" + id + "/failure");
                    snapshots.computeIfAbsent(rs.getString("instance_id"), k -> new ArrayList<>()).add(snapshot);
                });
        return snapshots;
    }
}
