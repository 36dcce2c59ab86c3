package io.lightcloud.image.data;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.BodyTooLargeException;
import io.lightcloud.common.api.RequestIds;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.image.ImageLimits;
import io.lightcloud.image.access.ImageAccess;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.core.ImageStatus;
import io.lightcloud.image.core.StoredData;
import io.lightcloud.image.inspect.ImageInspector;
import io.lightcloud.image.inspect.ImageRejectedException;
import io.lightcloud.image.store.ControllerNode;
import io.lightcloud.image.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Receives an image's data: moves the image from queued to saving (one upload wins), streams the data into the
 * store's staging area while hashing it, inspects it, commits it and marks the image active. Any failure after the
 * image started saving leaves it killed, with the reason recorded and answered, and nothing of its data on disk.
 */
@Component
public class ImageUploader implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ImageUploader.class);

    private final ImageRepository images;
    private final ImageAccess access;
    private final ImageStore store;
    private final ImageInspector inspector;
    private final ImageLimits limits;
    private final ControllerNode node;
    /** Threads that hash upload data beside the request threads; each upload keeps at most two of them busy. */
    private final ExecutorService hashers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "image-hash");
        thread.setDaemon(true);
        return thread;
    });

    public ImageUploader(ImageRepository images, ImageAccess access, ImageStore store, ImageInspector inspector,
            ImageLimits limits, ControllerNode node) {
        this.images = requireNonNull(images, "images is null");
        this.access = requireNonNull(access, "access is null");
        this.store = requireNonNull(store, "store is null");
        this.inspector = requireNonNull(inspector, "inspector is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.node = requireNonNull(node, "node is null");
    }

    /**
     * {@code PUT /v2/images/{id}/file}.
     *
     * @param declaredLength the request's Content-Length, or -1 for a chunked body
     */
    public void upload(AuthContext caller, String id, InputStream data, long declaredLength) {
        Image image = access.visible(id, caller);
        access.enforce("image:upload_image", image, caller);
        List<String> missing = new ArrayList<>();
        if (image.metadata().diskFormat() == null) {
            missing.add("disk_format");
        }
        if (image.metadata().containerFormat() == null) {
            missing.add("container_format");
        }
        if (!missing.isEmpty()) {
            throw ApiException.badRequest((missing.size() == 1 ? "Property " : "Properties ") + String.join(", ", missing)
                    + " must be set prior to saving data.");
        }
        if (declaredLength > limits.maxSize()) {
            throw ApiException.payloadTooLarge("The incoming image is too large: " + declaredLength
                    + " bytes; the limit is " + limits.maxSize() + " bytes.");
        }
        start(image);
        receive(image, data);
    }

    /** Moves a queued image to saving on behalf of this controller, or answers 409. */
    public void start(Image image) {
        if (image.status() != ImageStatus.QUEUED || !images.startUpload(image.id(), node.id(), Instant.now())) {
            String current = images.find(image.id()).map(i -> i.status().wireName()).orElse("deleted");
            throw ApiException.conflict("Image status transition from " + current + " to saving is not allowed");
        }
        log.info("Image upload started image_id={} disk_format={}", image.id(),
                image.metadata().diskFormat().wireName());
    }

    /** Stores the data of an image this controller moved to saving; see the class comment for failures. */
    public StoredData receive(Image image, InputStream data) {
        String id = image.id();
        long started = System.nanoTime();
        try {
            StoredData stored;
            long copiedAt;
            long inspectedAt;
            long committedAt;
            try (ImageStore.Staged staged = store.stage(id)) {
                DataCopy.Result copied = DataCopy.copy(data, staged.output(), limits.maxSize(), limits.heartbeat(),
                        bytes -> heartbeat(id, bytes), hashers);
                copiedAt = System.nanoTime();
                ImageInspector.Inspection inspection = inspector.inspect(staged.file(),
                        image.metadata().diskFormat(), limits.maxVirtualSize());
                inspectedAt = System.nanoTime();
                staged.commit();
                stored = new StoredData(copied.size(), inspection.virtualSize(), copied.md5(), StoredData.HASH_ALGO,
                        copied.sha512());
                committedAt = System.nanoTime();
            }
            if (!images.finishUpload(id, stored, Instant.now())) {
                discard(id);
                throw new ApiException(410, "Image " + id + " was deleted, or its upload given up, while its data "
                        + "arrived; the data was discarded.");
            }
            long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            log.info("Image upload finished image_id={} size={} virtual_size={} duration_ms={} mb_per_s={} copy_ms={} "
                    + "inspect_ms={} commit_ms={}", id, stored.size(), stored.virtualSize(), millis,
                    stored.size() / 1000 / millis, (copiedAt - started) / 1_000_000,
                    (inspectedAt - copiedAt) / 1_000_000, (committedAt - inspectedAt) / 1_000_000);
            return stored;
        } catch (BodyTooLargeException e) {
            throw kill(id, 413, "The incoming image is too large: " + e.getMessage());
        } catch (ImageRejectedException | UploadInterruptedException e) {
            throw kill(id, 400, e.getMessage());
        } catch (IOException e) {
            log.error("Image data could not be stored image_id={}", id, e);
            throw kill(id, 500, "The image data could not be stored (request id " + RequestIds.current() + ").");
        } catch (RuntimeException e) {
            kill(id, 500, "The upload failed (request id " + RequestIds.current() + ").");
            throw e;
        }
    }

    @Override
    public void destroy() {
        hashers.shutdownNow();
    }

    private void heartbeat(String id, long bytes) {
        if (!images.heartbeat(id, Instant.now())) {
            throw new ApiException(410, "Image " + id + " was deleted, or its upload given up, while its data arrived.");
        }
        log.debug("Image upload progress image_id={} bytes={}", id, bytes);
    }

    private ApiException kill(String id, int status, String reason) {
        discard(id);
        if (images.kill(id, reason, Instant.now())) {
            log.warn("Image killed image_id={} reason=\"{}\"", id, reason);
        }
        return new ApiException(status, reason);
    }

    private void discard(String id) {
        try {
            store.delete(id);
        } catch (IOException e) {
            log.warn("Could not remove the data of a failed upload; startup recovery removes it image_id={}", id, e);
        }
    }
}
