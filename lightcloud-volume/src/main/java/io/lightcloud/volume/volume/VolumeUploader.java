package io.lightcloud.volume.volume;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.RequestIds;
import io.lightcloud.common.image.ImageRegistry.ImageData;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.volume.api.CinderRequest;
import io.lightcloud.volume.api.VolumeFaults;
import io.lightcloud.volume.backend.VolumeBackends;
import io.lightcloud.volume.core.Volume;
import io.lightcloud.volume.core.VolumeAccess;
import io.lightcloud.volume.core.VolumeOperation;
import io.lightcloud.volume.core.VolumeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code os-volume_upload_image}: registers a copy of a volume as a new image. The volume is {@code uploading}
 * while its data is converted to a temporary file, which the image service then takes over. This runs within the
 * request, because {@link ImageRegistry#importFile} assigns the image id only once the data is in place, and Cinder
 * answers with that id.
 */
@Component
public class VolumeUploader {
    private static final Logger log = LoggerFactory.getLogger(VolumeUploader.class);
    /** Image properties that describe the source image rather than the new one. */
    private static final Set<String> SOURCE_ONLY = Set.of("image_id", "image_name", "checksum", "size", "disk_format",
            "container_format", "min_disk", "min_ram");

    private final VolumeAccess access;
    private final VolumeBackends backends;
    private final ObjectProvider<ImageRegistry> images;
    private final TransactionTemplate transactions;
    private final Path scratch;

    public VolumeUploader(VolumeAccess access, VolumeBackends backends, ObjectProvider<ImageRegistry> images,
            TransactionTemplate transactions, @Value("${lightcloud.data-dir}") Path dataDir) {
        this.access = requireNonNull(access, "access is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.images = requireNonNull(images, "images is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.scratch = dataDir.resolve("tmp");
    }

    public record Upload(String imageName, String diskFormat, String containerFormat, String visibility,
            boolean force) {
    }

    public ImageData upload(CinderRequest call, Volume volume, Upload upload) {
        ImageRegistry registry = images.getIfAvailable();
        if (registry == null) {
            throw VolumeFaults.invalidInput("No image service is available to upload the volume to.");
        }
        boolean attached = volume.status() == VolumeStatus.IN_USE && upload.force();
        VolumeOperation start = attached ? VolumeOperation.UPLOAD_ATTACHED : VolumeOperation.UPLOAD;
        transactions.executeWithoutResult(status -> access.transition(volume.id(), start));
        Path file = scratch.resolve("upload-" + UUID.randomUUID() + "." + upload.diskFormat());
        try {
            Files.createDirectories(scratch);
            backends.get(volume.backend()).exportVolume(volume.id(), file, upload.diskFormat(), attached);
            Map<String, String> properties = new TreeMap<>(volume.imageMetadata());
            properties.keySet().removeAll(SOURCE_ONLY);
            ImageData image = registry.importFile(call.caller(), new ImageRegistry.NewImage(upload.imageName(),
                    upload.diskFormat(), upload.containerFormat(), upload.visibility(), properties), file);
            log.info("Volume uploaded to image volume_id={} image_id={} disk_format={}", volume.id(), image.id(),
                    upload.diskFormat());
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            log.error("Volume upload to image failed volume_id={} error={}", volume.id(), e.getMessage());
            throw e instanceof ApiException api ? api : new ApiException(500, "The volume could not be uploaded to an "
                    + "image (request id " + RequestIds.current() + ").");
        } finally {
            deleteQuietly(file);
            transactions.executeWithoutResult(status -> access.transition(volume.id(),
                    attached ? VolumeOperation.UPLOADED_ATTACHED : VolumeOperation.UPLOADED));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot remove a temporary upload file path={} error={}", file, e.getMessage());
        }
    }
}
