package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.ImageSource;
import io.lightcloud.agent.process.CommandException;
import io.lightcloud.agent.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The per-host image cache {@code <instancesDir>/_base/<image-id>}: every image converted once to a standalone qcow2
 * that the instances' root overlays use as their backing file. Image data never changes under an id (Glance images
 * are immutable), so a cached file is reused as is.
 *
 * <p>Images are untrusted input. They are read with their declared format only (never probed, so a raw image cannot
 * pose as a qcow2 with a backing file on the host), a qcow2 with a backing or external data file is refused, and the
 * conversion writes a new file with no references to others. It goes to a temporary name first and is renamed into
 * place, so a failed or interrupted conversion leaves no cache entry.
 */
public class ImageCache {
    private static final Logger log = LoggerFactory.getLogger(ImageCache.class);
    /** Glance disk_format to qemu-img format; formats a root disk cannot be made from (iso, ami...) are absent. */
    private static final Map<String, String> FORMATS = Map.of("qcow2", "qcow2", "raw", "raw", "vmdk", "vmdk",
            "vdi", "vdi", "vhd", "vpc", "vhdx", "vhdx");
    private static final int LOCK_STRIPES = 16;

    private final QemuDriverConfig config;
    private final ProcessRunner runner;
    private final ObjectMapper mapper;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    /** Virtual sizes of cached files, read once: a spawn would otherwise pay a qemu-img run for it every time. */
    private final Map<Path, Long> virtualSizes = new ConcurrentHashMap<>();

    public ImageCache(QemuDriverConfig config, ProcessRunner runner, ObjectMapper mapper) {
        this.config = requireNonNull(config, "config");
        this.runner = requireNonNull(runner, "runner");
        this.mapper = requireNonNull(mapper, "mapper");
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** A cached qcow2 image and its virtual size in bytes. */
    public record BaseImage(Path path, long virtualSize) {
    }

    /** Whether the image is in the cache; an id that is not a plain file name never is. */
    public boolean isCached(String imageId) {
        Path target = config.baseDir().resolve(imageId).normalize();
        return config.baseDir().equals(target.getParent()) && Files.isRegularFile(target);
    }

    /** The cached copy of the image, converting it first if it is not cached yet. */
    public BaseImage ensure(ImageSource image) {
        Path target = config.baseDir().resolve(image.imageId());
        ReentrantLock lock = locks[Math.floorMod(image.imageId().hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            if (Files.isRegularFile(target)) {
                return new BaseImage(target, virtualSizes.computeIfAbsent(target,
                        file -> info(file, "qcow2").path("virtual-size").asLong()));
            }
            return convert(image, target);
        } finally {
            lock.unlock();
        }
    }

    private BaseImage convert(ImageSource image, Path target) {
        String format = FORMATS.get(image.diskFormat());
        if (format == null) {
            throw new DriverException("image " + image.imageId() + " has disk format " + image.diskFormat()
                    + ", which cannot be used as a root disk (supported: " + String.join(", ",
                            FORMATS.keySet().stream().sorted().toList()) + ")");
        }
        if (!Files.isRegularFile(image.path())) {
            throw new DriverException("image file " + image.path() + " of image " + image.imageId() + " is missing");
        }
        JsonNode info = info(image.path(), format);
        if (info.has("backing-filename") || info.path("format-specific").path("data").has("data-file")) {
            throw new DriverException("image " + image.imageId() + " refers to other files (backing or data file); "
                    + "only standalone images can be used");
        }
        Path tmp = config.baseDir().resolve("." + image.imageId() + "." + UUID.randomUUID() + ".tmp");
        long start = System.nanoTime();
        try {
            Files.createDirectories(config.baseDir());
            runner.run(List.of(config.qemuImgBinary(), "convert", "-q", "-f", format, "-O", "qcow2",
                    image.path().toString(), tmp.toString()), config.imageTimeout());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (CommandException e) {
            throw new DriverException("image " + image.imageId() + " cannot be read as " + image.diskFormat()
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store image " + image.imageId() + " in the cache", e);
        } finally {
            deleteQuietly(tmp);
        }
        long virtualSize = info.path("virtual-size").asLong();
        log.info("image cached image={} format={} virtual_size={} elapsed_ms={}", image.imageId(),
                image.diskFormat(), virtualSize, (System.nanoTime() - start) / 1_000_000);
        return new BaseImage(target, virtualSize);
    }

    private JsonNode info(Path file, String format) {
        try {
            String json = runner.run(List.of(config.qemuImgBinary(), "info", "--output=json", "-f", format,
                    file.toString()), config.commandTimeout()).stdout();
            return mapper.readTree(json);
        } catch (CommandException e) {
            throw new DriverException("image file " + file + " is not valid " + format + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new DriverException("unexpected qemu-img info output for " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete temporary image file path={} error=\"{}\"", file, e.getMessage());
        }
    }
}
