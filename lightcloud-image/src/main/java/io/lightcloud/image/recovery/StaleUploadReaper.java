package io.lightcloud.image.recovery;

import static java.util.Objects.requireNonNull;

import io.lightcloud.image.ImageLimits;
import io.lightcloud.image.core.ImageRepository;
import io.lightcloud.image.store.ImageStore;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Kills uploads that stopped showing signs of life, whichever controller ran them: a running upload refreshes its
 * image at {@link ImageLimits#heartbeat()} intervals, so one silent for {@link ImageLimits#staleUpload()} belongs to
 * a controller that died and will not come back to clean up.
 */
@Component
public class StaleUploadReaper implements SmartInitializingSingleton, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(StaleUploadReaper.class);

    private final ImageRepository images;
    private final ImageStore store;
    private final ImageLimits limits;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "image-upload-reaper");
        thread.setDaemon(true);
        return thread;
    });

    public StaleUploadReaper(ImageRepository images, ImageStore store, ImageLimits limits) {
        this.images = requireNonNull(images, "images is null");
        this.store = requireNonNull(store, "store is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    @Override
    public void afterSingletonsInstantiated() {
        long period = limits.heartbeat().toMillis();
        executor.scheduleWithFixedDelay(this::reapQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private void reapQuietly() {
        try {
            reap();
        } catch (RuntimeException | IOException e) {
            log.warn("Could not check for stale image uploads", e);
        }
    }

    /** Kills the uploads silent for longer than the stale-upload timeout and removes their data. */
    public void reap() throws IOException {
        String reason = "The upload showed no progress for " + limits.staleUpload().toSeconds()
                + " s; its controller is presumed to have stopped.";
        for (String id : images.savingSilentSince(Instant.now().minus(limits.staleUpload()))) {
            if (!images.kill(id, reason, Instant.now())) {
                continue;
            }
            log.warn("Killed a stale upload image_id={}", id);
            for (ImageStore.StoredFile file : store.list()) {
                if (file.imageId().equals(id)) {
                    store.remove(file);
                }
            }
        }
    }
}
