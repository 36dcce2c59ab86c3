package io.lightcloud.server.volume;

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
 * A test-only stand-in for the image service, used while the server is built without lightcloud-image: images are
 * real files the tests make with qemu-img, kept in memory and usable by every project. It is registered only when
 * no other {@link ImageRegistry} exists (see {@link TestImageRegistryConfiguration}); with the image module present
 * the real registry serves the tests, which then create images through the Glance API.
 */
public final class TestImageRegistry implements ImageRegistry {
    private final Map<String, ImageData> images = new ConcurrentHashMap<>();
    private final Path directory;

    public TestImageRegistry(Path directory) {
        this.directory = directory;
    }

    /** Registers an existing image file, as an upload to the image service would. */
    public ImageData add(String name, Path file, String diskFormat) {
        String id = UUID.randomUUID().toString();
        ImageData image = new ImageData(id, name, file, diskFormat, "bare", size(file),
                QemuFiles.virtualSize(file, diskFormat.equals("iso") ? "raw" : diskFormat), 0, 0, Map.of());
        images.put(id, image);
        return image;
    }

    @Override
    public Optional<ImageData> findUsable(String imageId, AuthContext caller) {
        return Optional.ofNullable(images.get(imageId));
    }

    @Override
    public ImageData importFile(AuthContext caller, NewImage image, Path file) {
        try {
            Files.createDirectories(directory);
            Path stored = directory.resolve(UUID.randomUUID() + "." + image.diskFormat());
            Files.move(file, stored, StandardCopyOption.ATOMIC_MOVE);
            String id = UUID.randomUUID().toString();
            ImageData data = new ImageData(id, image.name(), stored, image.diskFormat(), image.containerFormat(),
                    size(stored), QemuFiles.virtualSize(stored, image.diskFormat()), 0, 0, image.properties());
            images.put(id, data);
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
