package io.lightcloud.image.recovery;

import static java.util.Objects.requireNonNull;

import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.core.ImageStatus;
import io.lightcloud.image.store.ControllerNode;
import io.lightcloud.image.store.ImageStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Cleans up after a controller that stopped in the middle of uploads, before this one accepts requests: its images
 * left saving are killed and their partial data removed, and store files that belong to no image that should have
 * data (deleted, killed or never uploaded) are removed. Files of uploads other controllers are running are kept.
 */
@Component
public class UploadRecovery implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(UploadRecovery.class);
    static final String REASON = "The controller stopped during the upload; upload the data again to a new image.";

    private final ImageRepository images;
    private final ImageStore store;
    private final ControllerNode node;
    private final Instant startedAt = Instant.now();

    public UploadRecovery(ImageRepository images, ImageStore store, ControllerNode node) {
        this.images = requireNonNull(images, "images is null");
        this.store = requireNonNull(store, "store is null");
        this.node = requireNonNull(node, "node is null");
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            recover();
        } catch (IOException e) {
            throw new IllegalStateException("Could not recover the image store", e);
        }
    }

    void recover() throws IOException {
        for (String id : images.savingOnNodeSince(node.id(), startedAt)) {
            if (images.kill(id, REASON, Instant.now())) {
                log.warn("Recovery: killed an upload interrupted by a controller stop image_id={}", id);
            }
        }
        for (ImageStore.StoredFile file : store.list()) {
            Optional<Image> image = images.find(file.imageId());
            if (isLeftover(file, image)) {
                store.remove(file);
                log.info("Recovery: removed image data without a use image_id={} staged={} image_status={}",
                        file.imageId(), file.isStaged(), image.map(i -> i.status().wireName()).orElse("deleted"));
            }
        }
    }

    private boolean isLeftover(ImageStore.StoredFile file, Optional<Image> image) {
        if (image.isEmpty()) {
            return true;
        }
        ImageStatus status = image.get().status();
        if (file.isStaged()) {
            return file.stagingNode().equals(node.id()) || status != ImageStatus.SAVING;
        }
        return status == ImageStatus.QUEUED || status == ImageStatus.KILLED;
    }
}
