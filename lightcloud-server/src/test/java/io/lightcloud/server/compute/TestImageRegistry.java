package io.lightcloud.server.compute;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only stand-in for the image service while the server is built without lightcloud-image: images are
 * files the tests write, visible to their owner project (or to all when public). It is registered only when no
 * other {@link ImageRegistry} exists (see {@link TestComputeConfiguration}); with the image module present the
 * real registry serves the tests, which then create images through the Glance API.
 */
public final class TestImageRegistry implements ImageRegistry {
    private record Entry(ImageData data, String owner, boolean isPublic) {
    }

    private final Map<String, Entry> images = new ConcurrentHashMap<>();
    private final Path directory;

    public TestImageRegistry(Path directory) {
        this.directory = directory;
    }

    /** Registers an image file, as an upload to the image service would; null owner means public. */
    public ImageData add(String name, Path file, String diskFormat, long virtualSize, String owner,
            Map<String, String> properties) {
        String id = UUID.randomUUID().toString();
        ImageData image = new ImageData(id, name, file, diskFormat, "bare", size(file), virtualSize, 0, 0, properties);
        images.put(id, new Entry(image, owner, owner == null));
        return image;
    }

    @Override
    public Optional<ImageData> findUsable(String imageId, AuthContext caller) {
        Entry entry = images.get(imageId);
        if (entry == null || !(entry.isPublic() || entry.owner().equals(caller.projectId()))) {
            return Optional.empty();
        }
        return Optional.of(entry.data());
    }

    @Override
    public ImageData importFile(AuthContext caller, NewImage image, Path file) {
        try {
            Files.createDirectories(directory);
            Path stored = directory.resolve(UUID.randomUUID() + "." + image.diskFormat());
            Files.move(file, stored, StandardCopyOption.REPLACE_EXISTING);
            String id = UUID.randomUUID().toString();
            ImageData data = new ImageData(id, image.name(), stored, image.diskFormat(), image.containerFormat(),
                    size(stored), size(stored), 0, 0, image.properties());
            images.put(id, new Entry(data, caller.projectId(), image.visibility().equals("public")));
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
