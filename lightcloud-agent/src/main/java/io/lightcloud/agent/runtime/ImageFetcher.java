package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.controller.ControllerClient;
import io.lightcloud.agent.driver.VirtDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a server's image onto the host: when the driver's cache does not hold it yet, it is downloaded from the
 * controller into a download directory, handed to the driver (which converts it into its cache) and deleted again.
 * One image is fetched once at a time however many servers boot from it.
 */
public final class ImageFetcher {
    private static final Logger log = LoggerFactory.getLogger(ImageFetcher.class);

    private final VirtDriver driver;
    private final ControllerClient controller;
    private final Path downloads;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public ImageFetcher(VirtDriver driver, ControllerClient controller, Path downloads) {
        this.driver = requireNonNull(driver, "driver");
        this.controller = requireNonNull(controller, "controller");
        this.downloads = requireNonNull(downloads, "downloads");
    }

    /** Runs {@code use} with the image file of {@code image}; the file exists only while the image is not cached. */
    public <T> T withImage(DesiredInstance.Image image, Function<Path, T> use) {
        Path file = fileFor(image);
        if (driver.hasCachedImage(image.id())) {
            return use.apply(file);
        }
        synchronized (locks.computeIfAbsent(image.id(), id -> new Object())) {
            if (driver.hasCachedImage(image.id())) {
                return use.apply(file);
            }
            long start = System.nanoTime();
            controller.download(image.url(), file, image.size());
            log.info("image downloaded image={} bytes={} elapsed_ms={}", image.id(), size(file),
                    (System.nanoTime() - start) / 1_000_000);
            try {
                return use.apply(file);
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("cannot delete downloaded image file={} error=\"{}\"", file, e.getMessage());
                }
            }
        }
    }

    /** Where the image's data is while it is being fetched (the driver needs it only if the image is not cached). */
    public Path fileFor(DesiredInstance.Image image) {
        Path file = downloads.resolve(image.id()).normalize();
        if (!downloads.equals(file.getParent())) {
            throw new IllegalArgumentException("invalid image id " + image.id());
        }
        return file;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
