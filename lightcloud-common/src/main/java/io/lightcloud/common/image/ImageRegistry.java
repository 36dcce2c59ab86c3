package io.lightcloud.common.image;

import io.lightcloud.common.auth.AuthContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What other services need from the image service: reading an image to boot or to fill a volume, and registering
 * a file as a new image (a volume uploaded to an image, a server snapshot). Implemented by the image module.
 */
public interface ImageRegistry {
    /**
     * An active image the caller may use (own, public, community, or shared with and accepted by the caller's
     * project); empty when it does not exist or the caller may not see it, so callers answer 404 either way.
     */
    Optional<ImageData> findUsable(String imageId, AuthContext caller);

    /**
     * Creates an image owned by the caller's project from a local file, which is moved or copied into the image
     * store; the image is {@code active} when this returns.
     */
    ImageData importFile(AuthContext caller, NewImage image, Path file);

    /** An image's stored data and the properties that decide how it is used. */
    record ImageData(String id, String name, Path path, String diskFormat, String containerFormat, long size,
            long virtualSize, int minDiskGb, int minRamMb, Map<String, String> properties) {
        public ImageData {
            properties = Map.copyOf(properties);
        }
    }

    /** A request to register a file as an image. */
    record NewImage(String name, String diskFormat, String containerFormat, String visibility,
            Map<String, String> properties) {
        public NewImage {
            properties = Map.copyOf(properties);
        }
    }
}
