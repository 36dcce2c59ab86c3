package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The image an instance boots from: the image service's id (the key of the host's image cache, safe as a file name),
 * a readable file with its data, and its Glance {@code disk_format}.
 */
public record ImageSource(String imageId, Path path, String diskFormat) {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ImageSource {
        requireNonNull(imageId, "imageId");
        requireNonNull(path, "path");
        requireNonNull(diskFormat, "diskFormat");
        if (!SAFE_ID.matcher(imageId).matches()) {
            throw new IllegalArgumentException("image id must be 1-128 characters of [A-Za-z0-9._-]: " + imageId);
        }
    }
}
