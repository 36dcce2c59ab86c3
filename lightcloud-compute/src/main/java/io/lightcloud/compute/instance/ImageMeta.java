package io.lightcloud.compute.instance;

import io.lightcloud.common.image.ImageRegistry.ImageData;
import java.util.Map;

/** What a server remembers of its image: enough to schedule, build its spec and show it, even if the image goes. */
public record ImageMeta(String id, String name, String diskFormat, long size, long virtualSize, int minDiskGb,
        int minRamMb, Map<String, String> properties) {
    public ImageMeta {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static ImageMeta of(ImageData image) {
        return new ImageMeta(image.id(), image.name(), image.diskFormat(), image.size(), image.virtualSize(),
                image.minDiskGb(), image.minRamMb(), image.properties());
    }

    public static ImageMeta none() {
        return new ImageMeta(null, null, null, 0, 0, 0, 0, Map.of());
    }
}
