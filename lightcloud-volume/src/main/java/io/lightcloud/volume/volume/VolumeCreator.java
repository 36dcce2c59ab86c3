package io.lightcloud.volume.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.image.ImageRegistry.ImageData;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.volume.VolumeProperties;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.backend.QemuImg;
import io.lightcloud.volume.backend.VolumeBackend;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.Snapshot;
import io.lightcloud.volume.core.SnapshotRepository;
import io.lightcloud.volume.core.SnapshotStatus;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeOperation;
import io.lightcloud.volume.core.VolumeRepository;
import io.lightcloud.volume.core.VolumeStatus;
import io.lightcloud.volume.metadata.MetadataOwner;
import io.lightcloud.volume.metadata.MetadataRepository;
import io.lightcloud.volume.quota.Quotas;
import io.lightcloud.volume.task.VolumeTasks;
import io.lightcloud.volume.type.VolumeType;
import io.lightcloud.volume.type.VolumeTypes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates volumes: blank, from an image, from a snapshot or as a clone. The request is checked and the volume row
 * inserted with its quota reserved in one transaction, then the data is made in the background: the volume goes
 * {@code creating -> available}, or to {@code error} with its file removed and its quota released.
 */
@Component
public class VolumeCreator {
    private static final Logger log = LoggerFactory.getLogger(VolumeCreator.class);
    private static final long GIB = 1L << 30;

    private final VolumeRepository volumes;
    private final SnapshotRepository snapshots;
    private final MetadataRepository metadata;
    private final VolumeTypes types;
    private final Quotas quotas;
    private final VolumeBackends backends;
    private final ObjectProvider<ImageRegistry> images;
    private final VolumeTasks tasks;
    private final TransactionTemplate transactions;
    private final PolicyEnforcer policy;
    private final String availabilityZone;

    public VolumeCreator(VolumeRepository volumes, SnapshotRepository snapshots, MetadataRepository metadata,
            VolumeTypes types, Quotas quotas, VolumeBackends backends, ObjectProvider<ImageRegistry> images,
            VolumeTasks tasks, TransactionTemplate transactions, PolicyEnforcer policy, VolumeProperties properties) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.types = requireNonNull(types, "types is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.images = requireNonNull(images, "images is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.availabilityZone = properties.availabilityZone();
    }

    /** What a client asked for in {@code POST /volumes}; at most one of the sources is set. */
    public record Request(String name, String description, Long sizeGb, String typeReference, String availabilityZone,
            Map<String, String> metadata, String snapshotId, String sourceVolid, String imageRef) {
        public Request {
            metadata = Map.copyOf(metadata);
        }
    }

    public Volume create(CinderRequest call, Request request) {
        policy.enforce("volume:create", call.caller(), CinderRequest.target(call.projectId()));
        long sources = Stream.of(request.snapshotId(), request.sourceVolid(), request.imageRef())
                .filter(Objects::nonNull).count();
        if (sources > 1) {
            throw VolumeFaults.invalidInput("Only one of snapshot_id, source_volid and imageRef may be given.");
        }
        String zone = request.availabilityZone() == null ? availabilityZone : request.availabilityZone();
        if (!zone.equals(availabilityZone)) {
            throw VolumeFaults.invalidInput("Availability zone '" + zone + "' is invalid.");
        }
        Source source = source(call, request);
        long size = request.sizeGb() != null ? request.sizeGb() : source.defaultSizeGb();
        if (size < 1) {
            throw VolumeFaults.invalidInput("Invalid volume size provided for create request: "
                    + (request.sizeGb() == null ? "None" : size) + " (size argument must be an integer (or string representation of "
                    + "an integer) and greater than zero).");
        }
        source.checkSize(size);
        VolumeType type = request.typeReference() != null ? types.resolve(request.typeReference(), call.caller())
                : source.typeId() != null ? types.byId(source.typeId()) : types.defaultType();
        VolumeBackend backend = types.backendFor(type);
        if (source.backend() != null && !source.backend().equals(backend.name())) {
            throw VolumeFaults.invalidInput("Invalid volume_type provided: " + type.name() + " (requested type is not "
                    + "compatible; recommend omitting the type argument).");
        }
        quotas.checkVolumeSize(call.projectId(), size);

        Volume volume = new Volume(UUID.randomUUID().toString(), call.projectId(), call.caller().userId(),
                request.name(), request.description(), size, VolumeStatus.CREATING, type.id(), backend.name(), zone,
                source.bootable(), source.snapshotId(), source.sourceVolid(), source.imageMetadata(), true,
                OffsetDateTime.now(ZoneOffset.UTC), null);
        transactions.executeWithoutResult(status -> {
            source.lockAndCheck();
            quotas.reserve(volume.projectId(), type, Quotas.Charge.volume(size));
            volumes.insert(volume, tasks.host());
            metadata.merge(MetadataOwner.VOLUME, volume.id(), request.metadata());
        });
        log.info("Volume create accepted volume_id={} project_id={} size_gb={} type={} backend={} source={}",
                volume.id(), volume.projectId(), size, type.name(), backend.name(), source);
        tasks.submit("create volume " + volume.id(), () -> build(volume, source, backend));
        return volume;
    }

    /**
     * Fails a volume whose creation did not finish: removes whatever data was written and, exactly once, gives its
     * quota back. Also used at startup for work a crash interrupted.
     */
    public void fail(Volume volume) {
        try {
            backends.get(volume.backend()).deleteVolume(volume.id());
        } catch (RuntimeException e) {
            log.warn("Cannot remove the data of a failed volume volume_id={} error={}", volume.id(), e.getMessage());
        }
        transactions.executeWithoutResult(status -> {
            if (volumes.failCreation(volume.id())) {
                quotas.release(volume.projectId(), volume.typeId(), Quotas.Charge.volume(volume.sizeGb()));
            }
        });
    }

    private void build(Volume volume, Source source, VolumeBackend backend) {
        long started = System.nanoTime();
        try {
            source.fill(backend, volume);
        } catch (RuntimeException e) {
            log.error("Volume create failed volume_id={} project_id={} source={} error={}", volume.id(),
                    volume.projectId(), source, e.getMessage());
            fail(volume);
            return;
        }
        boolean available = Boolean.TRUE.equals(transactions.execute(
                status -> volumes.transition(volume.id(), VolumeOperation.CREATED)));
        if (!available && volumes.find(volume.id()).map(v -> v.status() == VolumeStatus.DELETING).orElse(true)) {
            log.info("Volume was deleted while it was being created; removing its data volume_id={}", volume.id());
            backend.deleteVolume(volume.id());
            return;
        }
        log.info("Volume created volume_id={} status={} duration_ms={}", volume.id(),
                available ? "available" : "changed meanwhile", (System.nanoTime() - started) / 1_000_000);
    }

    private Source source(CinderRequest call, Request request) {
        if (request.snapshotId() != null) {
            Snapshot snapshot = snapshots.find(request.snapshotId()).filter(s -> call.canSee(s.projectId()))
                    .orElseThrow(() -> VolumeFaults.snapshotNotFound(request.snapshotId()));
            checkSnapshotAvailable(snapshot);
            Volume origin = volumes.find(snapshot.volumeId())
                    .orElseThrow(() -> VolumeFaults.volumeNotFound(snapshot.volumeId()));
            return new FromSnapshot(snapshot, origin);
        }
        if (request.sourceVolid() != null) {
            Volume sourceVolume = volumes.find(request.sourceVolid()).filter(v -> call.canSee(v.projectId()))
                    .orElseThrow(() -> VolumeFaults.volumeNotFound(request.sourceVolid()));
            checkCloneable(sourceVolume);
            return new Clone(sourceVolume);
        }
        if (request.imageRef() != null) {
            policy.enforce("volume:create_from_image", call.caller(), CinderRequest.target(call.projectId()));
            ImageRegistry registry = images.getIfAvailable();
            if (registry == null) {
                throw VolumeFaults.invalidInput("No image service is available to create a volume from an image.");
            }
            ImageData image = registry.findUsable(request.imageRef(), call.caller())
                    .orElseThrow(() -> VolumeFaults.imageNotFound(request.imageRef()));
            if (QemuImg.qemuFormat(image.diskFormat()) == null) {
                throw VolumeFaults.invalidInput("Image " + image.id() + " is unacceptable: Unsupported image format: "
                        + image.diskFormat() + ".");
            }
            return new FromImage(image);
        }
        return new Blank();
    }

    private static void checkSnapshotAvailable(Snapshot snapshot) {
        if (snapshot.status() != SnapshotStatus.AVAILABLE) {
            throw VolumeFaults.invalidSnapshot("Originating snapshot status must be one of 'available' values");
        }
    }

    private static void checkCloneable(Volume source) {
        if (source.status() != VolumeStatus.AVAILABLE) {
            throw VolumeFaults.invalidVolume("Volume " + source.id() + " status must be available to be cloned, but "
                    + "current status is: " + source.status().apiName() + ".");
        }
    }

    private static long ceilGb(long bytes) {
        return (bytes + GIB - 1) / GIB;
    }

    /** Where a new volume's data comes from, and what the new volume inherits from there. */
    private interface Source {
        /** The size when the request gives none; 0 when a size is required. */
        default long defaultSizeGb() {
            return 0;
        }

        default void checkSize(long sizeGb) {
        }

        /** The volume type to inherit when the request names none; null for the default type. */
        default String typeId() {
            return null;
        }

        /** The backend holding the source data, which the new volume must use; null when any backend will do. */
        default String backend() {
            return null;
        }

        default boolean bootable() {
            return false;
        }

        default Map<String, String> imageMetadata() {
            return Map.of();
        }

        default String snapshotId() {
            return null;
        }

        default String sourceVolid() {
            return null;
        }

        /** Runs in the transaction that records the new volume: re-checks the source under a row lock. */
        default void lockAndCheck() {
        }

        void fill(VolumeBackend backend, Volume volume);
    }

    private record Blank() implements Source {
        @Override
        public void fill(VolumeBackend backend, Volume volume) {
            backend.createBlank(volume.id(), volume.sizeGb());
        }

        @Override
        public String toString() {
            return "blank";
        }
    }

    private record FromImage(ImageData image) implements Source {
        @Override
        public void checkSize(long size) {
            long imageGb = ceilGb(image.size());
            if (imageGb > size) {
                throw VolumeFaults.invalidInput("Size of specified image " + imageGb + "GB is larger than volume size "
                        + size + "GB.");
            }
            long virtualGb = ceilGb(image.virtualSize());
            if (virtualGb > size) {
                throw VolumeFaults.invalidInput("Image " + image.id() + " is unacceptable: Image virtual size is "
                        + virtualGb + "GB and doesn't fit in a volume of size " + size + "GB.");
            }
            if (image.minDiskGb() > size) {
                throw VolumeFaults.invalidInput("Volume size " + size + "GB cannot be smaller than the image minDisk "
                        + "size " + image.minDiskGb() + "GB.");
            }
        }

        @Override
        public boolean bootable() {
            return true;
        }

        @Override
        public Map<String, String> imageMetadata() {
            Map<String, String> meta = new TreeMap<>(image.properties());
            meta.put("image_id", image.id());
            if (image.name() != null) {
                meta.put("image_name", image.name());
            }
            meta.put("disk_format", image.diskFormat());
            if (image.containerFormat() != null) {
                meta.put("container_format", image.containerFormat());
            }
            meta.put("min_disk", Integer.toString(image.minDiskGb()));
            meta.put("min_ram", Integer.toString(image.minRamMb()));
            meta.put("size", Long.toString(image.size()));
            return meta;
        }

        @Override
        public void fill(VolumeBackend backend, Volume volume) {
            backend.createFromImage(volume.id(), new VolumeBackend.ImageSource(image.id(), image.path(),
                    image.diskFormat()), volume.sizeGb());
        }

        @Override
        public String toString() {
            return "image:" + image.id();
        }
    }

    private final class FromSnapshot implements Source {
        private final Snapshot snapshot;
        private final Volume origin;

        FromSnapshot(Snapshot snapshot, Volume origin) {
            this.snapshot = snapshot;
            this.origin = origin;
        }

        @Override
        public long defaultSizeGb() {
            return snapshot.sizeGb();
        }

        @Override
        public void checkSize(long size) {
            if (size < snapshot.sizeGb()) {
                throw VolumeFaults.invalidInput("Volume size '" + size + "'GB cannot be smaller than the snapshot size "
                        + snapshot.sizeGb() + "GB. They must be >= original snapshot size.");
            }
        }

        @Override
        public String typeId() {
            return snapshot.typeId();
        }

        @Override
        public String backend() {
            return snapshot.backend();
        }

        @Override
        public boolean bootable() {
            return origin.bootable();
        }

        @Override
        public Map<String, String> imageMetadata() {
            return origin.imageMetadata();
        }

        @Override
        public String snapshotId() {
            return snapshot.id();
        }

        @Override
        public void lockAndCheck() {
            checkSnapshotAvailable(snapshots.lock(snapshot.id())
                    .orElseThrow(() -> VolumeFaults.snapshotNotFound(snapshot.id())));
        }

        @Override
        public void fill(VolumeBackend backend, Volume volume) {
            backend.createFromSnapshot(snapshot.id(), volume.id(), volume.sizeGb());
        }

        @Override
        public String toString() {
            return "snapshot:" + snapshot.id();
        }
    }

    private final class Clone implements Source {
        private final Volume source;

        Clone(Volume source) {
            this.source = source;
        }

        @Override
        public long defaultSizeGb() {
            return source.sizeGb();
        }

        @Override
        public void checkSize(long size) {
            if (size < source.sizeGb()) {
                throw VolumeFaults.invalidInput("Volume size '" + size + "'GB cannot be smaller than original volume "
                        + "size " + source.sizeGb() + "GB. They must be >= original volume size.");
            }
        }

        @Override
        public String typeId() {
            return source.typeId();
        }

        @Override
        public String backend() {
            return source.backend();
        }

        @Override
        public boolean bootable() {
            return source.bootable();
        }

        @Override
        public Map<String, String> imageMetadata() {
            return source.imageMetadata();
        }

        @Override
        public String sourceVolid() {
            return source.id();
        }

        @Override
        public void lockAndCheck() {
            checkCloneable(volumes.lock(source.id()).orElseThrow(() -> VolumeFaults.volumeNotFound(source.id())));
        }

        @Override
        public void fill(VolumeBackend backend, Volume volume) {
            backend.cloneVolume(source.id(), volume.id(), volume.sizeGb());
        }

        @Override
        public String toString() {
            return "volume:" + source.id();
        }
    }
}
