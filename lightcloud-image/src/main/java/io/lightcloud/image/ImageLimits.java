package io.lightcloud.image;

import java.time.Duration;

/**
 * Operator limits on images.
 *
 * @param maxSize the largest upload in bytes ({@code lightcloud.image.max-size}); larger ones are answered 413
 * @param maxVirtualSize the largest virtual disk an image may describe ({@code lightcloud.image.max-virtual-size})
 * @param staleUpload how long an upload may go without a sign of life before another controller kills it
 */
public record ImageLimits(long maxSize, long maxVirtualSize, Duration staleUpload) {
    public ImageLimits {
        if (maxSize <= 0 || maxVirtualSize <= 0) {
            throw new IllegalArgumentException("image size limits must be positive");
        }
        if (staleUpload.toSeconds() < 4) {
            throw new IllegalArgumentException("lightcloud.image.stale-upload-timeout must be at least 4 seconds");
        }
    }

    /** How often a running upload shows it is alive: often enough that it is never mistaken for a stale one. */
    public Duration heartbeat() {
        return staleUpload.dividedBy(4);
    }
}
