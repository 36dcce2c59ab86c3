package io.lightcloud.compute.server;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.PowerState;
import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry.ImageData;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.flavor.Flavor;
import io.lightcloud.compute.flavor.FlavorAccess;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.host.HostSettings;
import io.lightcloud.compute.instance.DesiredPower;
import io.lightcloud.compute.instance.ImageMeta;
import io.lightcloud.compute.instance.Instance;
import io.lightcloud.compute.instance.InstanceActionLog;
import io.lightcloud.compute.instance.InstanceFlavor;
import io.lightcloud.compute.instance.InstanceRepository;
import io.lightcloud.compute.instance.VmState;
import io.lightcloud.compute.instance.VolumeAttachment;
import io.lightcloud.compute.instance.VolumeAttachmentRepository;
import io.lightcloud.compute.keypair.Keypair;
import io.lightcloud.compute.keypair.KeypairRepository;
import io.lightcloud.compute.quota.QuotaLedger;
import io.lightcloud.compute.quota.QuotaLimits;
import io.lightcloud.compute.quota.QuotaResource;
import io.lightcloud.compute.servergroup.ServerGroup;
import io.lightcloud.compute.servergroup.ServerGroupRepository;
import io.lightcloud.compute.store.Transactions;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Creates servers: checks the request against flavors, images, key pairs, zones, groups and volumes; then, in one
 * transaction, counts them against the project's quota (under the quota counters' row locks, so concurrent creates
 * cannot exceed it) and stores them; then schedules each. As in Nova, a request for {@code min_count} to
 * {@code max_count} servers creates as many as the quota allows, at least {@code min_count}.
 */
@Component
public class ServerCreator {
    private static final Logger log = LoggerFactory.getLogger(ServerCreator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InstanceRepository instances;
    private final FlavorAccess flavors;
    private final KeypairRepository keypairs;
    private final ServerGroupRepository groups;
    private final HostRepository hosts;
    private final VolumeAttachmentRepository attachments;
    private final ObjectProvider<ImageRegistry> images;
    private final ObjectProvider<VolumeAttachments> volumes;
    private final ObjectProvider<ServerNetworking> networking;
    private final QuotaLedger ledger;
    private final QuotaLimits limits;
    private final InstanceActionLog actions;
    private final InstancePlacer placer;
    private final Transactions transactions;
    private final String defaultZone;

    public ServerCreator(InstanceRepository instances, FlavorAccess flavors, KeypairRepository keypairs,
            ServerGroupRepository groups, HostRepository hosts, VolumeAttachmentRepository attachments,
            ObjectProvider<ImageRegistry> images, ObjectProvider<VolumeAttachments> volumes,
            ObjectProvider<ServerNetworking> networking, QuotaLedger ledger, QuotaLimits limits,
            InstanceActionLog actions, InstancePlacer placer, Transactions transactions, HostSettings hostSettings) {
        this.instances = requireNonNull(instances, "instances is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.keypairs = requireNonNull(keypairs, "keypairs is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.networking = requireNonNull(networking, "networking is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.placer = requireNonNull(placer, "placer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.defaultZone = hostSettings.defaultAvailabilityZone();
    }

    public List<Instance> create(AuthContext caller, CreateServer request) {
        String projectId = caller.projectId();
        if (projectId == null) {
            throw ApiException.badRequest("Servers belong to a project; use a project-scoped token.");
        }
        Flavor flavor = flavors.findVisible(lastSegment(request.flavorRef()), caller).orElseThrow(
                () -> ApiException.badRequest("Flavor " + request.flavorRef() + " could not be found."));
        if (flavor.disabled()) {
            throw ApiException.badRequest("Flavor " + flavor.id() + " is disabled.");
        }
        CreateServer.BlockDevice bootVolume = request.bootVolume();
        ImageMeta requestedImage = request.newBootVolume() == null ? image(caller, request, bootVolume, flavor) : null;
        // An image made by snapshotting a volume-backed server holds no data: it names the volume snapshot to boot.
        CreateServer.BlockDevice newBootVolume = requestedImage == null ? request.newBootVolume()
                : VolumeSnapshotImages.bootDevice(requestedImage.properties()).orElse(null);
        ImageMeta image = newBootVolume == null ? requestedImage
                : checkNewBootVolume(caller, request, newBootVolume, flavor);
        Keypair keypair = request.keyName() == null ? null : keypairs.find(caller.userId(), request.keyName())
                .orElseThrow(() -> ApiException.badRequest("Invalid key_name provided."));
        checkZone(request.availabilityZone(), caller);
        ServerGroup group = request.groupId() == null ? null : groups.find(request.groupId())
                .filter(g -> g.projectId().equals(projectId))
                .orElseThrow(() -> ApiException.badRequest("Invalid server group: " + request.groupId()
                        + " could not be found."));
        List<CreateServer.BlockDevice> volumeDevices = request.blockDevices().stream()
                .filter(b -> "volume".equals(b.sourceType())).toList();
        if (!volumeDevices.isEmpty() && request.maxCount() > 1) {
            throw ApiException.badRequest("Cannot attach one or more volumes to multiple instances");
        }
        long metadataLimit = limits.limit(projectId, QuotaResource.METADATA_ITEMS);
        if (metadataLimit >= 0 && request.metadata().size() > metadataLimit) {
            throw ApiException.forbidden("Quota exceeded for metadata items: the limit is " + metadataLimit + ".");
        }
        ServerNetworking network = request.nics().isEmpty() ? null : networkService();
        if (network == null && !request.securityGroups().isEmpty()
                && !request.securityGroups().equals(List.of("default"))) {
            throw ApiException.badRequest("Security groups apply to a server's ports; this server has none.");
        }
        if (network != null) {
            if (request.maxCount() > 1 && request.nics().stream().anyMatch(n -> n.portId() != null
                    || n.fixedIp() != null)) {
                throw ApiException.badRequest("Unable to launch multiple instances with a single configured port "
                        + "ID or fixed IP. Please launch your instances one by one with different ports.");
            }
            network.validate(request.nics(), caller);
        }
        VolumeAttachments volumeService = volumeDevices.isEmpty() && newBootVolume == null ? null : volumeService();
        String firstId = UUID.randomUUID().toString();
        List<String> attachmentIds = new ArrayList<>();
        String newVolumeId = null;
        try {
            for (CreateServer.BlockDevice device : volumeDevices) {
                if (volumeService.find(device.uuid(), caller).isEmpty()) {
                    throw ApiException.badRequest("Volume " + device.uuid() + " could not be found.");
                }
                attachmentIds.add(volumeService.reserve(device.uuid(), firstId, caller));
            }
            if (newBootVolume != null) {
                newVolumeId = "snapshot".equals(newBootVolume.sourceType())
                        ? volumeService.createFromSnapshot("", newBootVolume.uuid(), newBootVolume.volumeSizeGb(),
                                caller)
                        : volumeService.createFromImage("", lastSegment(newBootVolume.uuid()),
                                newBootVolume.volumeSizeGb(), caller);
            }
            NewBootVolume bootVolumeToMake = newVolumeId == null ? null : new NewBootVolume(newVolumeId, newBootVolume);
            List<Instance> created = transactions.run(() -> store(caller, request, flavor, image, keypair, group,
                    firstId, volumeDevices, attachmentIds, bootVolumeToMake));
            for (Instance instance : created) {
                // A server booting from a new volume is placed by BootVolumes once the volume is available.
                boolean wired = network == null || allocatePorts(network, instance, request, caller);
                if (wired && bootVolumeToMake == null) {
                    placer.place(instance.id());
                }
            }
            return created;
        } catch (RuntimeException e) {
            if (volumeService != null) {
                attachmentIds.forEach(volumeService::detach);
                if (newVolumeId != null) {
                    volumeService.delete(newVolumeId);
                }
            }
            throw e;
        }
    }

    /** A new boot volume being made, and the mapping it comes from. */
    private record NewBootVolume(String volumeId, CreateServer.BlockDevice device) {
    }

    /**
     * Checks a boot from a new volume made from an image or a snapshot: one server, and for an image, the image
     * usable by the caller and fitting the flavor's memory (the volume service checks sizes and snapshots). The server
     * itself has no image: its root is the volume.
     */
    private ImageMeta checkNewBootVolume(AuthContext caller, CreateServer request, CreateServer.BlockDevice device,
            Flavor flavor) {
        boolean fromImage = "image".equals(device.sourceType());
        if (request.bootVolume() != null || (fromImage && request.imageRef() != null && !request.imageRef().isEmpty()
                && !lastSegment(request.imageRef()).equals(lastSegment(device.uuid())))) {
            throw ApiException.badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and "
                    + "image/block device mapping combination is not valid.");
        }
        if (request.maxCount() > 1) {
            throw ApiException.badRequest("Booting several servers from new volumes in one request is not supported; "
                    + "create them one by one.");
        }
        if (!fromImage) {
            return ImageMeta.none();
        }
        ImageRegistry registry = images.getIfAvailable();
        if (registry == null) {
            throw ApiException.badRequest("The image service is not available; boot from a volume instead.");
        }
        String imageId = lastSegment(device.uuid());
        ImageData data = registry.findUsable(imageId, caller).orElseThrow(
                () -> ApiException.badRequest("Image " + imageId + " could not be found."));
        if (data.minRamMb() > flavor.memoryMb()) {
            throw ApiException.badRequest("Flavor's memory is too small for requested image.");
        }
        return ImageMeta.none();
    }

    private List<Instance> store(AuthContext caller, CreateServer request, Flavor flavor, ImageMeta image,
            Keypair keypair, ServerGroup group, String firstId, List<CreateServer.BlockDevice> volumeDevices,
            List<String> attachmentIds, NewBootVolume newBootVolume) {
        String projectId = caller.projectId();
        int count = reserveQuota(projectId, flavor, request.minCount(), request.maxCount());
        if (group != null) {
            groups.lock(group.id()).orElseThrow(() -> ApiException.badRequest("Invalid server group: "
                    + group.id() + " could not be found."));
            ledger.consume(QuotaLedger.group(group.id()), Map.of(QuotaResource.SERVER_GROUP_MEMBERS, (long) count),
                    Map.of(QuotaResource.SERVER_GROUP_MEMBERS,
                            limits.limit(projectId, QuotaResource.SERVER_GROUP_MEMBERS)));
        }
        String reservationId = "r-" + HexFormat.of().formatHex(randomBytes(4));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<Instance> created = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            String id = index == 0 ? firstId : UUID.randomUUID().toString();
            String name = count > 1 ? request.name() + "-" + (index + 1) : request.name();
            String hostname = request.hostname() != null ? request.hostname()
                    : Hostnames.sanitize(name, "server-" + id);
            if (count > 1 && request.hostname() != null) {
                hostname = request.hostname() + "-" + (index + 1);
            }
            Instance instance = new Instance(id, 0, projectId, caller.userId(), name, request.description(),
                    hostname, reservationId, index, InstanceFlavor.of(flavor), null, null, image.id(), image,
                    keypair == null ? null : keypair.name(), keypair == null ? null : keypair.publicKey(),
                    request.userData(), request.availabilityZone(), zoneOf(request.availabilityZone()),
                    request.configDrive(), request.accessIpV4(), request.accessIpV6(), DesiredPower.RUNNING, 0, false,
                    0, 1, null, null, 0, List.of(), Map.of(), VmState.BUILDING,
                    newBootVolume == null ? VmState.SCHEDULING : VmState.BLOCK_DEVICE_MAPPING, PowerState.NOSTATE,
                    0, 0, null, null, null, null, null, null, null, null, now, now, null);
            instances.insert(instance);
            instances.putMetadata(id, request.metadata());
            request.tags().forEach(tag -> instances.addTag(id, tag));
            if (group != null) {
                groups.addMember(group.id(), id);
            }
            actions.start(id, "create", caller);
            created.add(instance);
        }
        char next = 'b';
        for (int i = 0; i < volumeDevices.size(); i++) {
            CreateServer.BlockDevice device = volumeDevices.get(i);
            boolean boot = device.bootIndex() != null && device.bootIndex() == 0;
            String deviceName = "/dev/vd" + (boot ? 'a' : next++);
            attachments.insert(new VolumeAttachment(UUID.randomUUID().toString(), firstId, device.uuid(),
                    attachmentIds.get(i), deviceName, device.bootIndex(), device.deleteOnTermination(), device.tag(),
                    VolumeAttachment.ATTACHING, null, null, null));
        }
        if (newBootVolume != null) {
            CreateServer.BlockDevice device = newBootVolume.device();
            attachments.insert(new VolumeAttachment(UUID.randomUUID().toString(), firstId, newBootVolume.volumeId(),
                    null, "/dev/vda", 0, device.deleteOnTermination(), device.tag(), VolumeAttachment.CREATING, null,
                    null, null));
        }
        log.info("Created servers project_id={} count={} flavor={} image={} reservation_id={}", projectId, count,
                flavor.id(), image.id(), reservationId);
        return created;
    }

    /** Counts {@code min..max} servers against the project's quota; returns how many fit, or throws Nova's 403. */
    private int reserveQuota(String projectId, Flavor flavor, int minCount, int maxCount) {
        String scope = QuotaLedger.project(projectId);
        List<QuotaResource> counted = List.of(QuotaResource.INSTANCES, QuotaResource.CORES, QuotaResource.RAM);
        Map<QuotaResource, Long> used = ledger.lock(scope, counted);
        Map<QuotaResource, Long> hard = limits.forProject(projectId);
        Map<QuotaResource, Long> perServer = new EnumMap<>(QuotaResource.class);
        perServer.put(QuotaResource.INSTANCES, 1L);
        perServer.put(QuotaResource.CORES, (long) flavor.vcpus());
        perServer.put(QuotaResource.RAM, (long) flavor.memoryMb());
        long allowed = maxCount;
        for (QuotaResource resource : counted) {
            long limit = hard.get(resource);
            if (limit >= 0) {
                allowed = Math.min(allowed, Math.max(0, (limit - used.get(resource)) / perServer.get(resource)));
            }
        }
        int count = (int) Math.max(allowed, 0);
        if (count < minCount) {
            Map<QuotaResource, Long> wanted = new EnumMap<>(QuotaResource.class);
            perServer.forEach((r, amount) -> wanted.put(r, amount * minCount));
            ledger.consume(scope, wanted, hard);
            throw new IllegalStateException("quota check disagreed with the counters");
        }
        perServer.forEach((r, amount) -> ledger.add(scope, r, amount * count));
        return count;
    }

    private ImageMeta image(AuthContext caller, CreateServer request, CreateServer.BlockDevice bootVolume,
            Flavor flavor) {
        String imageRef = request.imageRef();
        if (imageRef == null || imageRef.isEmpty()) {
            imageRef = request.blockDevices().stream().filter(b -> "image".equals(b.sourceType())
                    && b.bootIndex() != null && b.bootIndex() == 0).map(CreateServer.BlockDevice::uuid).findFirst()
                    .orElse(null);
        }
        if (imageRef == null || imageRef.isEmpty()) {
            if (bootVolume == null) {
                throw ApiException.badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and "
                        + "image/block device mapping combination is not valid.");
            }
            return ImageMeta.none();
        }
        if (bootVolume != null) {
            throw ApiException.badRequest("Block Device Mapping is Invalid: a server boots either from imageRef or "
                    + "from a volume with boot_index 0, not both.");
        }
        ImageRegistry registry = images.getIfAvailable();
        if (registry == null) {
            throw ApiException.badRequest("The image service is not available; boot from a volume instead.");
        }
        String imageId = lastSegment(imageRef);
        ImageData data = registry.findUsable(imageId, caller).orElseThrow(
                () -> ApiException.badRequest("Image " + imageId + " could not be found."));
        if (data.minRamMb() > flavor.memoryMb()) {
            throw ApiException.badRequest("Flavor's memory is too small for requested image.");
        }
        long needGb = Math.max(data.minDiskGb(), (data.virtualSize() + (1L << 30) - 1) >> 30);
        if (flavor.rootGb() > 0 && needGb > flavor.rootGb()) {
            throw ApiException.badRequest("Flavor's disk is too small for requested image. Flavor disk is "
                    + ((long) flavor.rootGb() << 30) + " bytes, image is " + Math.max(data.virtualSize(), data.size())
                    + " bytes.");
        }
        return ImageMeta.of(data);
    }

    private void checkZone(String zone, AuthContext caller) {
        if (zone == null || zone.isEmpty()) {
            return;
        }
        if (zone.contains(":") && !caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:servers:create:forced_host to be "
                    + "performed.");
        }
        String name = zone.contains(":") ? zone.substring(0, zone.indexOf(':')) : zone;
        if (name.isEmpty()) {
            return;
        }
        boolean known = name.equals(defaultZone) || hosts.listRegistered().stream()
                .anyMatch(h -> h.availabilityZone().equals(name));
        if (!known) {
            throw ApiException.badRequest("The requested availability zone is not available");
        }
    }

    private static String zoneOf(String requested) {
        if (requested == null || requested.isEmpty()) {
            return null;
        }
        String zone = requested.contains(":") ? requested.substring(0, requested.indexOf(':')) : requested;
        return zone.isEmpty() ? null : zone;
    }

    /**
     * Gives a stored server its ports, as Nova's network allocation does before the build: a failure (no address
     * left, port quota) puts the server in ERROR with the network service's message; the allocation is all or
     * nothing, so no port of it is kept.
     */
    private boolean allocatePorts(ServerNetworking network, Instance instance, CreateServer request,
            AuthContext caller) {
        try {
            String zone = instance.availabilityZone() == null ? defaultZone : instance.availabilityZone();
            network.allocate(instance.id(), zone, request.nics(), request.securityGroups(), caller);
            return true;
        } catch (RuntimeException e) {
            log.warn("Network allocation failed instance_id={} reason=\"{}\"", instance.id(), e.getMessage());
            placer.fail(instance.id(), "Build of instance " + instance.id() + " aborted: Failed to allocate the "
                    + "network(s): " + e.getMessage(), null);
            return false;
        }
    }

    private ServerNetworking networkService() {
        ServerNetworking service = networking.getIfAvailable();
        if (service == null) {
            throw ApiException.badRequest("The network service is not available; create servers with networks "
                    + "'none'.");
        }
        return service;
    }

    private VolumeAttachments volumeService() {
        VolumeAttachments service = volumes.getIfAvailable();
        if (service == null) {
            throw ApiException.badRequest("The volume service is not available.");
        }
        return service;
    }

    /** Nova accepts a flavor or image as an id or as a URL ending with it. */
    static String lastSegment(String ref) {
        String trimmed = ref.endsWith("/") ? ref.substring(0, ref.length() - 1) : ref;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Nova's hostname sanitizing, for the guest's hostname and the config drive. */
    static final class Hostnames {
        private Hostnames() {
        }

        static String sanitize(String name, String fallback) {
            String hostname = name.replaceAll("[ _.]", "-").replaceAll("[^\\w.-]+", "").toLowerCase(Locale.ROOT);
            hostname = hostname.replaceAll("^[.-]+", "").replaceAll("[.-]+$", "");
            if (hostname.length() > 63) {
                hostname = hostname.substring(0, 63).replaceAll("[.-]+$", "");
            }
            return hostname.isEmpty() ? fallback : hostname;
        }
    }
}
