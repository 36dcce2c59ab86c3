package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking.NicRequest;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.compute.api.ComputeApiVersion;
import io.lightcloud.compute.api.NovaLinks;
import io.lightcloud.compute.api.NovaPage;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceChange;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.ServerAccess;
import io.lightcloud.compute.store.Transactions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Nova's servers: create, list, show, update and delete. Actions are in {@link ServerActionController}. */
@RestController
@RequestMapping("/compute/v2.1/servers")
public class ServerController {
    private static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$");
    private static final Pattern TAG = Pattern.compile("^[^,/]{1,60}$");
    private static final Pattern UUID_PATTERN = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Set<String> CREATE_FIELDS = Set.of("name", "imageRef", "flavorRef", "adminPass", "metadata",
            "networks", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "personality", "availability_zone",
            "block_device_mapping", "block_device_mapping_v2", "config_drive", "key_name", "min_count", "max_count",
            "return_reservation_id", "security_groups", "user_data", "description", "tags", "trusted_image_certificates",
            "host", "hypervisor_hostname", "hostname");

    private final InstanceRepository instances;
    private final ServerCreator creator;
    private final ServerDeleter deleter;
    private final ServerListing listing;
    private final ServerContext context;
    private final ServerViews views;
    private final NovaLinks links;
    private final PolicyEnforcer policy;
    private final Transactions transactions;

    public ServerController(InstanceRepository instances, ServerCreator creator, ServerDeleter deleter,
            ServerListing listing, ServerContext context, ServerViews views, NovaLinks links, PolicyEnforcer policy,
            Transactions transactions) {
        this.instances = requireNonNull(instances, "instances is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.deleter = requireNonNull(deleter, "deleter is null");
        this.listing = requireNonNull(listing, "listing is null");
        this.context = requireNonNull(context, "context is null");
        this.views = requireNonNull(views, "views is null");
        this.links = requireNonNull(links, "links is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @GetMapping
    public Map<String, Object> index(AuthContext caller, HttpServletRequest request) {
        NovaPage page = NovaPage.of(request);
        List<Instance> found = listing.list(caller, request, false, page);
        List<Map<String, Object>> items = new ArrayList<>(found.size());
        found.forEach(i -> items.add(views.basic(request, i)));
        return collection(request, "servers", page, found, items);
    }

    @GetMapping("/detail")
    public Map<String, Object> detail(AuthContext caller, HttpServletRequest request) {
        NovaPage page = NovaPage.of(request);
        List<Instance> found = listing.list(caller, request, true, page);
        ServerContext.Loaded loaded = context.load(found);
        ServerViews.Rendering rendering = views.rendering(request, caller, caller.projectId());
        // Each view is rendered when the response writer reaches it and dropped after: a page of a thousand servers
        // never holds a thousand views at once, so concurrent listings do not push them into the old generation.
        List<Map<String, Object>> items = new AbstractList<>() {
            @Override
            public Map<String, Object> get(int index) {
                return views.show(rendering, found.get(index), loaded, false);
            }

            @Override
            public int size() {
                return found.size();
            }
        };
        return collection(request, "servers/detail", page, found, items);
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(AuthContext caller, @PathVariable String id, HttpServletRequest request) {
        Instance instance = ServerAccess.visible(instances.find(id), id, caller);
        policy.enforce("os_compute_api:servers:show", caller, ServerAccess.target(instance));
        return Map.of("server", views.show(views.rendering(request, caller, instance.projectId()), instance,
                context.load(List.of(instance)), true));
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(AuthContext caller, @RequestBody JsonNode body,
            HttpServletRequest request) {
        policy.enforce("os_compute_api:servers:create", caller,
                Map.of("target.project_id", caller.projectId() == null ? "" : caller.projectId()));
        CreateServer create = parseCreate(body, request);
        String adminPass = AdminPasswords.requestedOrGenerated(body, "server");
        if (create.availabilityZone() != null && create.availabilityZone().contains(":")) {
            policy.enforce("os_compute_api:servers:create:forced_host", caller);
        }
        if (!create.blockDevices().isEmpty()) {
            policy.enforce("os_compute_api:servers:create:attach_volume", caller,
                    Map.of("target.project_id", caller.projectId() == null ? "" : caller.projectId()));
        }
        List<Instance> created = creator.create(caller, create);
        if (create.returnReservationId()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("reservation_id", created.get(0).reservationId()));
        }
        Instance first = created.get(0);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", links.base(request) + "/v2.1/servers/" + first.id())
                .body(Map.of("server", views.create(request, first, adminPass)));
    }

    @PutMapping("/{id}")
    public Map<String, Object> update(AuthContext caller, @PathVariable String id, @RequestBody JsonNode body,
            HttpServletRequest request) {
        Set<String> allowed = new HashSet<>(Set.of("name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig"));
        if (ComputeApiVersion.atLeast(request, 2, 19)) {
            allowed.add("description");
        }
        if (ComputeApiVersion.atLeast(request, 2, 90)) {
            allowed.add("hostname");
        }
        JsonFields in = JsonFields.of(body, "server").allowOnly(allowed);
        InstanceChange change = InstanceChange.edit();
        in.string("name", 255).ifPresent(name -> {
            if (name.isBlank() || !name.equals(name.strip())) {
                throw ApiException.badRequest("Invalid input for field 'server.name': it must not be empty nor have "
                        + "leading or trailing whitespace.");
            }
            change.rename(name);
        });
        if (in.has("description")) {
            change.describe(in.string("description", 255).orElse(null));
        }
        if (in.has("accessIPv4")) {
            change.accessIpV4(in.string("accessIPv4", 64).orElse(null));
        }
        if (in.has("accessIPv6")) {
            change.accessIpV6(in.string("accessIPv6", 64).orElse(null));
        }
        in.string("hostname", 63).ifPresent(hostname -> change.hostname(hostname(hostname)));
        Instance updated = transactions.run(() -> {
            Instance instance = ServerAccess.visible(instances.lock(id), id, caller);
            policy.enforce("os_compute_api:servers:update", caller, ServerAccess.target(instance));
            if (!change.isEmpty()) {
                instances.apply(id, change);
            }
            return instances.find(id).orElseThrow();
        });
        return Map.of("server", views.show(views.rendering(request, caller, updated.projectId()), updated,
                context.load(List.of(updated)), true));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(AuthContext caller, @PathVariable String id) {
        deleter.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> collection(HttpServletRequest request, String path, NovaPage page,
            List<Instance> found, List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("servers", items);
        List<Map<String, Object>> next = links.next(request, path, page, found.size(),
                found.isEmpty() ? null : found.get(found.size() - 1).id());
        if (!next.isEmpty()) {
            body.put("servers_links", next);
        }
        return body;
    }

    private CreateServer parseCreate(JsonNode body, HttpServletRequest request) {
        if (body != null && body.isObject()) {
            for (String key : body.propertyNames()) {
                if (!Set.of("server", "os:scheduler_hints", "OS-SCH-HNT:scheduler_hints").contains(key)) {
                    throw ApiException.badRequest("Additional properties are not allowed ('" + key + "' was unexpected)");
                }
            }
        }
        JsonFields in = JsonFields.of(body, "server").allowOnly(CREATE_FIELDS);
        String name = in.requiredString("name", 255);
        if (name.isBlank() || !name.equals(name.strip())) {
            throw ApiException.badRequest("Invalid input for field 'server.name': it must not be empty nor have "
                    + "leading or trailing whitespace.");
        }
        String flavorRef = flavorRef(in);
        String imageRef = in.string("imageRef", 255).orElse(null);
        if (in.has("description") && !ComputeApiVersion.atLeast(request, 2, 19)) {
            throw ApiException.badRequest("Additional property 'description' needs microversion 2.19.");
        }
        if (in.has("tags") && !ComputeApiVersion.atLeast(request, 2, 52)) {
            throw ApiException.badRequest("Additional property 'tags' needs microversion 2.52.");
        }
        if (in.has("hostname") && !ComputeApiVersion.atLeast(request, 2, 90)) {
            throw ApiException.badRequest("Additional property 'hostname' needs microversion 2.90.");
        }
        if (in.has("personality") && ComputeApiVersion.atLeast(request, 2, 57)) {
            throw ApiException.badRequest("Additional property 'personality' was removed in microversion 2.57.");
        }
        if (in.has("personality")) {
            throw ApiException.badRequest("File injection (personality) is not supported; use user_data or the "
                    + "config drive.");
        }
        if (in.has("host") || in.has("hypervisor_hostname")) {
            throw ApiException.badRequest("Requesting a host or hypervisor_hostname is not supported; use "
                    + "availability_zone 'zone:host' as the admin.");
        }
        List<NicRequest> nics = networks(in, request);
        int minCount = in.integer("min_count", 1, 1000).orElse(1L).intValue();
        int maxCount = in.integer("max_count", 1, 1000).orElse((long) minCount).intValue();
        if (minCount > maxCount) {
            throw ApiException.badRequest("min_count must be <= max_count");
        }
        String userData = in.string("user_data", 65535).orElse(null);
        if (userData != null) {
            UserData.check(userData, "server.user_data");
        }
        Map<String, String> metadata = ServerMetadataController.metadata(in.object("metadata").orElse(null));
        List<String> tags = new ArrayList<>();
        for (String tag : in.stringList("tags", 60).orElse(List.of())) {
            tags.add(tag(tag));
        }
        if (tags.size() > 50) {
            throw ApiException.badRequest("Invalid input for field 'server.tags': at most 50 tags.");
        }
        String hostname = in.string("hostname", 63).map(ServerController::hostname).orElse(null);
        boolean configDrive = configDrive(in.raw().get("config_drive"));
        return new CreateServer(name, in.string("description", 255).orElse(null), hostname, imageRef, flavorRef,
                in.string("key_name", 255).orElse(null), userData, metadata,
                in.string("availability_zone", 255).orElse(null), minCount, maxCount, group(body),
                configDrive, in.string("accessIPv4", 64).orElse(null), in.string("accessIPv6", 64).orElse(null),
                blockDevices(in), tags, in.bool("return_reservation_id").orElse(false), nics, securityGroups(in));
    }

    private static String flavorRef(JsonFields in) {
        JsonNode value = in.raw().get("flavorRef");
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("'flavorRef' is a required property.");
        }
        if (value.isNumber()) {
            return value.asString();
        }
        return in.requiredNonBlank("flavorRef", 255);
    }

    /**
     * Nova's {@code networks}: {@code "none"}, {@code "auto"} (2.37+, required from then on) or a list of
     * {@code {"uuid", "fixed_ip", "port", "tag"}} entries. Without the key (before 2.37) the server gets no NIC.
     */
    private static List<NicRequest> networks(JsonFields in, HttpServletRequest request) {
        JsonNode networks = in.raw().get("networks");
        if (networks == null) {
            if (ComputeApiVersion.atLeast(request, 2, 37)) {
                throw ApiException.badRequest("'networks' is a required property.");
            }
            return List.of();
        }
        if (networks.isString()) {
            String value = networks.stringValue();
            if (!ComputeApiVersion.atLeast(request, 2, 37) || (!value.equals("none") && !value.equals("auto"))) {
                throw ApiException.badRequest("Invalid input for field 'server.networks': '" + value + "' is not "
                        + "valid; use 'none' or 'auto' (microversion 2.37 or later), or a list.");
            }
            return value.equals("auto") ? List.of(NicRequest.AUTO) : List.of();
        }
        if (!networks.isArray()) {
            throw ApiException.badRequest("Invalid input for field 'server.networks': a list is expected.");
        }
        List<NicRequest> nics = new ArrayList<>();
        for (JsonFields entry : in.objectList("networks")) {
            entry.allowOnly(Set.of("uuid", "fixed_ip", "port", "tag"));
            if (entry.has("tag") && !ComputeApiVersion.atLeast(request, 2, 32)) {
                throw ApiException.badRequest("Additional property 'tag' needs microversion 2.32.");
            }
            String port = entry.string("port", 36).filter(p -> !p.isEmpty()).orElse(null);
            String network = entry.string("uuid", 36).filter(n -> !n.isEmpty()).orElse(null);
            String fixedIp = entry.string("fixed_ip", 64).orElse(null);
            if (port == null && network == null) {
                throw ApiException.badRequest("Bad networks format: network uuid is not in proper format ('')");
            }
            if (network != null && !UUID_PATTERN.matcher(network).matches()) {
                throw ApiException.badRequest("Bad networks format: network uuid is not in proper format ("
                        + network + ")");
            }
            if (fixedIp != null && !IPV4.matcher(fixedIp).matches()) {
                throw ApiException.badRequest("Invalid fixed IP address (" + fixedIp + ")");
            }
            if (port != null && fixedIp != null) {
                throw ApiException.badRequest("Specified Fixed IP '" + fixedIp + "' cannot be used with port '"
                        + port + "'; the port has the fixed IP already.");
            }
            nics.add(port != null ? new NicRequest(null, port, null, entry.string("tag", 60).orElse(null))
                    : new NicRequest(network, null, fixedIp, entry.string("tag", 60).orElse(null)));
        }
        return nics;
    }

    /** Nova's {@code security_groups}: {@code [{"name": "web"}, ...]}, names or ids, without duplicates. */
    private static List<String> securityGroups(JsonFields in) {
        List<String> groups = new ArrayList<>();
        for (JsonFields group : in.objectList("security_groups")) {
            String name = group.allowOnly(Set.of("name")).requiredNonBlank("name", 255);
            if (!groups.contains(name)) {
                groups.add(name);
            }
        }
        return groups;
    }

    private static List<CreateServer.BlockDevice> blockDevices(JsonFields in) {
        if (in.has("block_device_mapping")) {
            throw ApiException.badRequest("The legacy block_device_mapping is not supported; use "
                    + "block_device_mapping_v2.");
        }
        List<CreateServer.BlockDevice> devices = new ArrayList<>();
        for (JsonFields item : in.objectList("block_device_mapping_v2")) {
            String source = item.string("source_type", 16).orElse(item.has("volume_id") ? "volume" : null);
            String destination = item.string("destination_type", 16).orElse("volume".equals(source) ? "volume" : "local");
            String uuid = item.string("uuid", 255).or(() -> item.string("volume_id", 255))
                    .or(() -> item.string("image_id", 255)).orElse(null);
            Integer bootIndex = bootIndex(item.raw().get("boot_index"));
            boolean volumeToVolume = "volume".equals(source) && "volume".equals(destination);
            boolean bootable = bootIndex != null && bootIndex == 0;
            boolean imageToLocal = "image".equals(source) && "local".equals(destination) && bootable;
            boolean imageToVolume = "image".equals(source) && "volume".equals(destination) && bootable;
            boolean snapshotToVolume = "snapshot".equals(source) && "volume".equals(destination) && bootable;
            if (!volumeToVolume && !imageToLocal && !imageToVolume && !snapshotToVolume) {
                throw ApiException.badRequest("Block Device Mapping is Invalid: source_type " + source
                        + " with destination_type " + destination + (bootable ? "" : " without boot_index 0")
                        + " is not supported; attach existing volumes (source_type volume), boot the image locally "
                        + "or boot from a new volume made from an image or a volume snapshot.");
            }
            if (uuid == null) {
                throw ApiException.badRequest("Block Device Mapping is Invalid: 'uuid' is required.");
            }
            Long volumeSize = snapshotToVolume ? item.integer("volume_size", 1, 16_384).orElse(null) : null;
            if (imageToVolume) {
                volumeSize = item.integer("volume_size", 0, 16_384).filter(size -> size > 0).orElseThrow(() ->
                        ApiException.badRequest("Block Device Mapping is Invalid: Images with destination_type "
                                + "'volume' need to have a non-zero size specified."));
            }
            devices.add(new CreateServer.BlockDevice(source, destination, uuid, bootIndex,
                    item.bool("delete_on_termination").orElse(false), item.string("tag", 60).orElse(null),
                    volumeSize));
        }
        long boots = devices.stream().filter(d -> d.bootIndex() != null && d.bootIndex() == 0).count();
        if (boots > 1) {
            throw ApiException.badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and "
                    + "image/block device mapping combination is not valid.");
        }
        return devices;
    }

    private static Integer bootIndex(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.intValue();
        }
        if (value.isString() && value.stringValue().matches("^-?[0-9]+$")) {
            return Integer.parseInt(value.stringValue());
        }
        throw ApiException.badRequest("Invalid input for field 'boot_index': " + value + " is not an integer.");
    }

    private static String group(JsonNode body) {
        JsonNode hints = body.has("os:scheduler_hints") ? body.get("os:scheduler_hints")
                : body.get("OS-SCH-HNT:scheduler_hints");
        if (hints == null || hints.isNull()) {
            return null;
        }
        if (!hints.isObject()) {
            throw ApiException.badRequest("Invalid input for field 'os:scheduler_hints': an object is expected.");
        }
        JsonNode group = hints.get("group");
        if (group == null || group.isNull()) {
            return null;
        }
        if (group.isArray() && group.size() == 1 && group.get(0).isString()) {
            return group.get(0).stringValue();
        }
        if (!group.isString()) {
            throw ApiException.badRequest("Invalid input for field 'os:scheduler_hints.group': a server group id is "
                    + "expected.");
        }
        return group.stringValue();
    }

    private static boolean configDrive(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            return Set.of("true", "1", "yes", "t", "y", "on").contains(value.stringValue().toLowerCase(Locale.ROOT));
        }
        throw ApiException.badRequest("Invalid input for field 'server.config_drive': a boolean is expected.");
    }

    static String tag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw ApiException.badRequest("Invalid tag '" + tag + "': tags are 1-60 characters without ',' or '/'.");
        }
        return tag;
    }

    private static String hostname(String hostname) {
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw ApiException.badRequest("Invalid input for field 'hostname': '" + hostname + "' is not a valid "
                    + "hostname.");
        }
        return hostname;
    }
}
