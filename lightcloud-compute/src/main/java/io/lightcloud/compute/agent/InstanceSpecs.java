package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking.FixedIp;
import io.lightcloud.common.network.ServerNetworking.ServerPort;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.compute.flavor.HaPolicy;
import io.lightcloud.compute.instance.ImageMeta;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
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
    private final ObjectProvider<ServerNetworking> networking;
    private final JdbcClient jdbc;

    public InstanceSpecs(InstanceRepository instances, VolumeAttachmentRepository attachments, HaPolicy haPolicy,
            ObjectProvider<ServerNetworking> networking, JdbcClient jdbc) {
        this.instances = requireNonNull(instances, "instances is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.haPolicy = requireNonNull(haPolicy, "haPolicy is null");
        this.networking = requireNonNull(networking, "networking is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public List<Map<String, Object>> forHost(String hostId) {
        List<Instance> live = instances.listByHost(hostId);
        List<String> ids = live.stream().map(Instance::id).toList();
        Map<String, Map<String, String>> metadata = instances.metadata(ids);
        Map<String, List<VolumeAttachment>> volumes = attachments.list(ids);
        Map<String, List<Map<String, Object>>> snapshots = pendingSnapshots(hostId);
        Map<String, List<ServerPort>> ports = ports(ids);
        List<Map<String, Object>> specs = new ArrayList<>(live.size());
        for (Instance i : live) {
            specs.add(spec(i, metadata.getOrDefault(i.id(), Map.of()), volumes.getOrDefault(i.id(), List.of()),
                    snapshots.getOrDefault(i.id(), List.of()), ports.getOrDefault(i.id(), List.of())));
        }
        return specs;
    }

    /** The config drive's content of one server, which the metadata service serves too. */
    public Map<String, Object> configDrive(Instance instance) {
        return configDrive(instance, instances.metadata(List.of(instance.id())).getOrDefault(instance.id(), Map.of()),
                ports(List.of(instance.id())).getOrDefault(instance.id(), List.of()));
    }

    private Map<String, List<ServerPort>> ports(List<String> ids) {
        ServerNetworking network = networking.getIfAvailable();
        return network == null || ids.isEmpty() ? Map.of() : network.ports(ids);
    }

    private Map<String, Object> spec(Instance i, Map<String, String> metadata, List<VolumeAttachment> volumes,
            List<Map<String, Object>> snapshots, List<ServerPort> ports) {
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
        // The agent's metrics exporter labels the server's series with it.
        spec.put("project_id", i.projectId());
        spec.put("power", i.desiredPower().wire());
        spec.put("reboot", Map.of("counter", i.rebootCounter(), "hard", i.rebootHard()));
        spec.put("rebuild", Map.of("counter", i.rebuildCounter()));
        spec.put("config_drive", i.configDrive() || ports.isEmpty() ? configDrive(i, metadata, ports) : null);
        List<Map<String, Object>> disks = new ArrayList<>();
        for (VolumeAttachment a : volumes) {
            if (!a.status().equals(VolumeAttachment.DETACHING)) {
                disks.add(volume(a));
            }
        }
        spec.put("volumes", disks);
        spec.put("nics", ports.stream().map(InstanceSpecs::nic).toList());
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

    private static Map<String, Object> nic(ServerPort port) {
        Map<String, Object> nic = new LinkedHashMap<>();
        nic.put("port_id", port.portId());
        nic.put("network_id", port.networkId());
        nic.put("mac_address", port.macAddress());
        nic.put("tap_device", port.tapDevice());
        nic.put("mtu", port.mtu());
        return nic;
    }

    private static Map<String, Object> configDrive(Instance i, Map<String, String> metadata, List<ServerPort> ports) {
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
        drive.put("network_data", networkData(ports));
        return drive;
    }

    /**
     * OpenStack's {@code network_data.json}: a link per port, a network per fixed address ({@code ipv4_dhcp} when
     * its subnet has DHCP, else the static address with its routes), and the DNS servers as services.
     */
    static Map<String, Object> networkData(List<ServerPort> ports) {
        List<Map<String, Object>> links = new ArrayList<>();
        List<Map<String, Object>> networks = new ArrayList<>();
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServerPort port : ports) {
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("id", port.tapDevice());
            link.put("vif_id", port.portId());
            link.put("type", "bridge");
            link.put("mtu", port.mtu());
            link.put("ethernet_mac_address", port.macAddress());
            links.add(link);
            for (FixedIp ip : port.fixedIps()) {
                Map<String, Object> network = new LinkedHashMap<>();
                network.put("id", "network" + networks.size());
                network.put("link", port.tapDevice());
                network.put("network_id", port.networkId());
                if (ip.dhcpEnabled()) {
                    network.put("type", "ipv" + ip.ipVersion() + "_dhcp");
                } else {
                    network.put("type", "ipv" + ip.ipVersion());
                    network.put("ip_address", ip.ipAddress());
                    network.put("netmask", netmask(ip.cidr()));
                    List<Map<String, Object>> routes = new ArrayList<>();
                    if (ip.gatewayIp() != null) {
                        routes.add(Map.of("network", "0.0.0.0", "netmask", "0.0.0.0", "gateway", ip.gatewayIp()));
                    }
                    for (ServerNetworking.HostRoute route : ip.hostRoutes()) {
                        routes.add(Map.of("network", route.destination().substring(0, route.destination().indexOf('/')),
                                "netmask", netmask(route.destination()), "gateway", route.nexthop()));
                    }
                    network.put("routes", routes);
                }
                List<Map<String, Object>> dns = ip.dnsNameservers().stream()
                        .map(address -> Map.<String, Object>of("type", "dns", "address", address)).toList();
                network.put("services", dns);
                dns.stream().filter(d -> !services.contains(d)).forEach(services::add);
                networks.add(network);
            }
        }
        return Map.of("links", links, "networks", networks, "services", services);
    }

    private static String netmask(String cidr) {
        int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (mask >> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
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
