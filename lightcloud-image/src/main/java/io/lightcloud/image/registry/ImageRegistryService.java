package io.lightcloud.image.registry;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.image.access.ImageAccess;
import io.lightcloud.image.core.ContainerFormat;
import io.lightcloud.image.core.DiskFormat;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageMetadata;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.core.ImageStatus;
import io.lightcloud.image.core.MemberStatus;
import io.lightcloud.image.core.StoredData;
import io.lightcloud.image.core.Visibility;
import io.lightcloud.image.data.ImageUploader;
import io.lightcloud.image.metadata.ImageUpdater;
import io.lightcloud.image.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The image service as other services use it: compute boots and volumes are filled from usable images, and volumes
 * and server snapshots become images through the same inspection as uploads.
 */
@Component
public class ImageRegistryService implements ImageRegistry {
    private final ImageRepository images;
    private final ImageAccess access;
    private final ImageUploader uploader;
    private final ImageUpdater updater;
    private final ImageStore store;
    private final PolicyEnforcer policy;

    public ImageRegistryService(ImageRepository images, ImageAccess access, ImageUploader uploader,
            ImageUpdater updater, ImageStore store, PolicyEnforcer policy) {
        this.images = requireNonNull(images, "images is null");
        this.access = requireNonNull(access, "access is null");
        this.uploader = requireNonNull(uploader, "uploader is null");
        this.updater = requireNonNull(updater, "updater is null");
        this.store = requireNonNull(store, "store is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public Optional<ImageData> findUsable(String imageId, AuthContext caller) {
        return images.find(imageId)
                .filter(image -> image.status() == ImageStatus.ACTIVE && image.data() != null)
                .filter(image -> {
                    Optional<MemberStatus> membership = access.membership(image, caller);
                    boolean acceptedShare = membership.map(s -> s == MemberStatus.ACCEPTED).orElse(false);
                    boolean ownOrOpen = image.visibility() != Visibility.SHARED || caller.isAdmin()
                            || (image.owner() != null && image.owner().equals(caller.projectId()));
                    return (ownOrOpen || acceptedShare) && access.canSee(image, caller, membership);
                })
                .map(this::toData);
    }

    @Override
    public ImageData importFile(AuthContext caller, NewImage request, Path file) {
        DiskFormat diskFormat = DiskFormat.fromWire(request.diskFormat())
                .orElseThrow(() -> ApiException.badRequest("Invalid disk_format '" + request.diskFormat() + "'."));
        ContainerFormat containerFormat = ContainerFormat.fromWire(request.containerFormat())
                .orElseThrow(() -> ApiException.badRequest("Invalid container_format '" + request.containerFormat()
                        + "'."));
        Visibility visibility = request.visibility() == null ? Visibility.SHARED
                : Visibility.fromWire(request.visibility());
        policy.enforce("image:add_image", caller,
                caller.projectId() == null ? Map.of() : Map.of("target.owner", caller.projectId()));
        Instant now = Instant.now();
        ImageMetadata metadata = new ImageMetadata(request.name(), caller.projectId(), visibility, false, false,
                diskFormat, containerFormat, 0, 0, List.of(), request.properties());
        Image image = new Image(UUID.randomUUID().toString(), ImageStatus.QUEUED, metadata, null, now, now);
        updater.checkVisibility(image, visibility, caller);
        StoredData stored;
        try (InputStream data = Files.newInputStream(file)) {
            images.insert(image);
            uploader.start(image);
            stored = uploader.receive(image, data);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        return toData(new Image(image.id(), ImageStatus.ACTIVE, metadata, stored, now, Instant.now()));
    }

    private ImageData toData(Image image) {
        ImageMetadata m = image.metadata();
        return new ImageData(image.id(), m.name(), store.path(image.id()), m.diskFormat().wireName(),
                m.containerFormat().wireName(), image.data().size(), image.data().virtualSize(), m.minDisk(),
                m.minRam(), m.properties());
    }
}
