package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import io.lightcloud.common.api.Timestamps;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.microversion.ApiVersion;
import io.lightcloud.common.network.ServerNetworking.FixedIp;
import io.lightcloud.common.network.ServerNetworking.ServerPort;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaLinks;
import io.lightcloud.compute.api.NovaTimes;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostSettings;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceFlavor;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.instance.VolumeAttachment;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Nova's server bodies at the request's microversion. A server whose host stopped heartbeating shows status
 * {@code UNKNOWN} and power state {@code NOSTATE} (and host status {@code UNKNOWN} for the admin): its last
 * known state is kept, but nobody can vouch for it.
 */
@Component
public class ServerViews {
    private static final Set<String> PROGRESS_STATUSES = Set.of("ACTIVE", "BUILD", "REBUILD", "RESIZE",
            "VERIFY_RESIZE", "MIGRATING");

    private final NovaLinks links;
    private final PolicyEnforcer policy;
    private final HostSettings hostSettings;

    public ServerViews(NovaLinks links, PolicyEnforcer policy, HostSettings hostSettings) {
        this.links = requireNonNull(links, "links is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.hostSettings = requireNonNull(hostSettings, "hostSettings is null");
    }

    /** What the caller may see, decided once per request. */
    public record Visibility(boolean extendedAttributes, boolean hostStatus, boolean flavorExtraSpecs) {
    }

    /**
     * What every server view of one request shares, worked out once: the caller's visibility, the microversion's
     * choices, the link prefixes and the host ids (a hash per project and host).
     */
    public final class Rendering {
        private final HttpServletRequest request;
        private final Visibility visibility;
        private final ApiVersion version;
        private final String serversSelf;
        private final String serversBookmark;
        private final long nowMillis = System.currentTimeMillis();
        private final Map<String, String> hostIds = new HashMap<>();

        private Rendering(HttpServletRequest request, Visibility visibility) {
            this.request = request;
            this.visibility = visibility;
            this.version = ComputeApiVersion.of(request);
            String base = links.base(request);
            this.serversSelf = base + "/v2.1/servers/";
            this.serversBookmark = base + "/servers/";
        }

        private boolean atLeast(int minor) {
            return version.atLeast(2, minor);
        }

        private List<Map<String, Object>> links(String id) {
            return List.of(link("self", serversSelf + id), link("bookmark", serversBookmark + id));
        }

        private String hostId(String projectId, String hostname) {
            return hostname == null ? "" : hostIds.computeIfAbsent(projectId + "\n" + hostname,
                    k -> ServerViews.hostId(projectId, hostname));
        }
    }

    public Visibility visibility(AuthContext caller, String projectId) {
        Map<String, Object> target = Map.of("target.project_id", projectId == null ? "" : projectId);
        return new Visibility(policy.allows("os_compute_api:os-extended-server-attributes", caller, target),
                policy.allows("os_compute_api:servers:show:host_status", caller, target),
                policy.allows("os_compute_api:servers:show:flavor-extra-specs", caller, target));
    }

    public Rendering rendering(HttpServletRequest request, AuthContext caller, String projectId) {
        return new Rendering(request, visibility(caller, projectId));
    }

    public Map<String, Object> basic(HttpServletRequest request, Instance instance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id());
        view.put("name", instance.name());
        view.put("links", links.of(request, "servers", instance.id()));
        return view;
    }

    public Map<String, Object> create(HttpServletRequest request, Instance instance, String adminPass) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id());
        view.put("links", links.of(request, "servers", instance.id()));
        view.put("OS-DCF:diskConfig", "MANUAL");
        view.put("security_groups", List.of(Map.of("name", "default")));
        if (adminPass != null) {
            view.put("adminPass", adminPass);
        }
        return view;
    }

    /** Nova's {@code addresses}: per network name, the fixed and then the floating addresses of each port. */
    static Map<String, Object> addresses(List<ServerPort> ports) {
        Map<String, Object> addresses = new LinkedHashMap<>();
        for (ServerPort port : ports) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> entries = (List<Map<String, Object>>) addresses.computeIfAbsent(
                    port.networkName(), k -> new ArrayList<Map<String, Object>>());
            for (FixedIp ip : port.fixedIps()) {
                entries.add(address(ip.ipVersion(), ip.ipAddress(), "fixed", port.macAddress()));
            }
            for (String floating : port.floatingIps()) {
                entries.add(address(4, floating, "floating", port.macAddress()));
            }
        }
        return addresses;
    }

    private static Map<String, Object> address(int version, String address, String type, String mac) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("version", version);
        entry.put("addr", address);
        entry.put("OS-EXT-IPS:type", type);
        entry.put("OS-EXT-IPS-MAC:mac_addr", mac);
        return entry;
    }

    public Map<String, Object> show(Rendering r, Instance i, ServerContext.Loaded context, boolean single) {
        ComputeHost host = context.hostOf(i);
        boolean hostDown = host != null && !i.deleted()
                && !host.up(Instant.ofEpochMilli(r.nowMillis), hostSettings.downAfterSeconds());
        String status = i.deleted() ? "DELETED" : hostDown ? "UNKNOWN" : VmState.status(i.vmState(), i.taskState());
        Visibility visibility = r.visibility;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", i.id());
        view.put("name", i.name());
        view.put("status", status);
        view.put("tenant_id", i.projectId());
        view.put("user_id", i.userId());
        view.put("metadata", context.metadataOf(i));
        view.put("hostId", r.hostId(i.projectId(), host == null ? null : host.hostname()));
        view.put("image", image(r.request, i));
        view.put("flavor", flavor(r.request, i.flavor(), visibility.flavorExtraSpecs()));
        view.put("created", Timestamps.seconds(i.createdAt().toInstant()));
        view.put("updated", Timestamps.seconds(i.updatedAt().toInstant()));
        List<ServerPort> ports = context.portsOf(i);
        view.put("addresses", addresses(ports));
        if (!ports.isEmpty()) {
            view.put("security_groups", ports.stream().flatMap(p -> p.securityGroups().stream()).distinct()
                    .map(name -> Map.of("name", name)).toList());
        }
        view.put("accessIPv4", i.accessIpV4() == null ? "" : i.accessIpV4());
        view.put("accessIPv6", i.accessIpV6() == null ? "" : i.accessIpV6());
        view.put("links", r.links(i.id()));
        view.put("OS-DCF:diskConfig", "MANUAL");
        if (PROGRESS_STATUSES.contains(status)) {
            view.put("progress", 0);
        }
        if (i.fault() != null && (status.equals("ERROR") || status.equals("DELETED"))) {
            view.put("fault", fault(i.fault(), visibility.extendedAttributes()));
        }
        view.put("OS-EXT-AZ:availability_zone", i.availabilityZone() == null ? "" : i.availabilityZone());
        view.put("config_drive", i.configDrive() ? "True" : "");
        view.put("key_name", i.keyName());
        view.put("OS-SRV-USG:launched_at", NovaTimes.micros(i.launchedAt()));
        view.put("OS-SRV-USG:terminated_at", NovaTimes.micros(i.terminatedAt()));
        if (visibility.extendedAttributes()) {
            view.put("OS-EXT-SRV-ATTR:host", host == null ? null : host.hostname());
            view.put("OS-EXT-SRV-ATTR:instance_name", i.instanceName());
            view.put("OS-EXT-SRV-ATTR:hypervisor_hostname", host == null ? null : host.hostname());
            if (r.atLeast(3)) {
                view.put("OS-EXT-SRV-ATTR:hostname", i.hostname());
                view.put("OS-EXT-SRV-ATTR:kernel_id", "");
                view.put("OS-EXT-SRV-ATTR:launch_index", i.launchIndex());
                view.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
                view.put("OS-EXT-SRV-ATTR:reservation_id", i.reservationId());
                view.put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
                view.put("OS-EXT-SRV-ATTR:user_data", i.userData());
            }
        }
        view.put("OS-EXT-STS:task_state", i.taskState());
        view.put("OS-EXT-STS:vm_state", i.deleted() ? VmState.DELETED : i.vmState());
        view.put("OS-EXT-STS:power_state", hostDown ? PowerState.NOSTATE.code() : i.powerState().code());
        view.put("os-extended-volumes:volumes_attached", volumes(r.atLeast(3), context.volumesOf(i)));
        if (r.atLeast(9)) {
            view.put("locked", i.locked());
        }
        if (r.atLeast(16) && visibility.hostStatus()) {
            view.put("host_status", hostStatus(host, hostDown));
        }
        if (r.atLeast(19)) {
            view.put("description", i.description());
        }
        if (r.atLeast(26)) {
            view.put("tags", context.tagsOf(i));
        }
        if (r.atLeast(63)) {
            view.put("trusted_image_certificates", null);
        }
        if (single && r.atLeast(71)) {
            String group = context.groups().get(i.id());
            view.put("server_groups", group == null ? List.of() : List.of(group));
        }
        if (r.atLeast(73)) {
            view.put("locked_reason", i.lockedReason());
        }
        if (r.atLeast(90) && !visibility.extendedAttributes()) {
            view.put("OS-EXT-SRV-ATTR:hostname", i.hostname());
        }
        return view;
    }

    public Map<String, Object> flavor(HttpServletRequest request, InstanceFlavor flavor, boolean extraSpecs) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (ComputeApiVersion.atLeast(request, 2, 47)) {
            view.put("vcpus", flavor.vcpus());
            view.put("ram", flavor.memoryMb());
            view.put("disk", flavor.rootGb());
            view.put("ephemeral", flavor.ephemeralGb());
            view.put("swap", flavor.swapMb());
            view.put("original_name", flavor.name());
            if (extraSpecs) {
                view.put("extra_specs", flavor.extraSpecs());
            }
        } else {
            view.put("id", flavor.id());
            view.put("links", links.bookmark(request, "flavors", flavor.id()));
        }
        return view;
    }

    private Object image(HttpServletRequest request, Instance i) {
        if (i.imageId() == null) {
            return "";
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", i.imageId());
        view.put("links", links.bookmark(request, "images", i.imageId()));
        return view;
    }

    private static Map<String, Object> fault(Instance.Fault fault, boolean admin) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", fault.code());
        view.put("created", Timestamps.seconds(fault.createdAt().toInstant()));
        view.put("message", fault.message());
        if (fault.details() != null && (admin || fault.code() != 500)) {
            view.put("details", fault.details());
        }
        return view;
    }

    private static List<Map<String, Object>> volumes(boolean withDeleteFlag, List<VolumeAttachment> attachments) {
        List<Map<String, Object>> volumes = new ArrayList<>();
        for (VolumeAttachment a : attachments) {
            if (a.status().equals(VolumeAttachment.DETACHING)) {
                continue;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", a.volumeId());
            if (withDeleteFlag) {
                view.put("delete_on_termination", a.deleteOnTermination());
            }
            volumes.add(view);
        }
        return volumes;
    }

    private static Map<String, Object> link(String rel, String href) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", href);
        return link;
    }

    private static String hostStatus(ComputeHost host, boolean down) {
        if (host == null) {
            return "";
        }
        if (host.forcedDown()) {
            return "DOWN";
        }
        if (!host.enabled()) {
            return "MAINTENANCE";
        }
        return down ? "UNKNOWN" : "UP";
    }

    /** Nova's hostId: a per-project hash of the host name, so tenants can tell co-located servers apart. */
    public static String hostId(String projectId, String hostname) {
        if (hostname == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-224")
                    .digest((projectId + hostname).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-224 is unavailable", e);
        }
    }
}
