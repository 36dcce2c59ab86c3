package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.process.CommandException;
import io.lightcloud.agent.process.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Where an image-backed instance gets its disk: a qcow2 overlay on the host's cached copy of the image, grown to the
 * flavor's size, and copied out whole for an image snapshot. (A volume-backed instance boots from its volume.)
 */
final class RootDisks {
    private static final Logger log = LoggerFactory.getLogger(RootDisks.class);
    private static final long GIB = 1024L * 1024 * 1024;

    private final QemuDriverConfig config;
    private final ProcessRunner runner;
    private final ObjectMapper mapper;
    private final ImageCache images;

    RootDisks(QemuDriverConfig config, ProcessRunner runner, ObjectMapper mapper, ImageCache images) {
        this.config = requireNonNull(config, "config");
        this.runner = requireNonNull(runner, "runner");
        this.mapper = requireNonNull(mapper, "mapper");
        this.images = requireNonNull(images, "images");
    }

    /** The root disk of an image-backed instance: a qcow2 overlay on the cached image, grown to the flavor's size. */
    void createOverlay(InstanceLayout layout, InstanceSpec spec) {
        ImageCache.BaseImage base = images.ensure(spec.image());
        List<String> create = new ArrayList<>(List.of(config.qemuImgBinary(), "create", "-q", "-f", "qcow2",
                "-F", "qcow2", "-b", base.path().toString(), layout.disk().toString()));
        if (spec.rootDiskGb() > 0) {
            long size = spec.rootDiskGb() * GIB;
            if (size < base.virtualSize()) {
                throw new DriverException("root disk of " + spec.rootDiskGb() + " GB is smaller than image "
                        + spec.image().imageId() + " (" + base.virtualSize() + " bytes)");
            }
            create.add(Long.toString(size));
        }
        runner.run(create, config.commandTimeout());
    }

    /**
     * Grows the root overlay to a larger flavor's size (a resize); it never shrinks, so a reverted resize keeps the
     * grown disk, as Nova does.
     */
    void grow(InstanceLayout layout, int rootDiskGb) {
        if (rootDiskGb <= 0) {
            return;
        }
        long wanted = rootDiskGb * GIB;
        try {
            String json = runner.run(List.of(config.qemuImgBinary(), "info", "--output=json", "-U", "-f", "qcow2",
                    layout.disk().toString()), config.commandTimeout()).stdout();
            long current = mapper.readTree(json).path("virtual-size").asLong();
            if (current >= wanted) {
                return;
            }
            runner.run(List.of(config.qemuImgBinary(), "resize", "-q", "-f", "qcow2", layout.disk().toString(),
                    Long.toString(wanted)), config.commandTimeout());
            log.info("root disk grown instance={} from_bytes={} to_bytes={}", layout.instanceId(), current, wanted);
        } catch (CommandException e) {
            throw new DriverException("cannot grow the root disk of instance " + layout.instanceId() + " to "
                    + rootDiskGb + " GB: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a standalone copy of the root disk (its backing chain flattened) to {@code target}; the guest's vCPUs
     * must not run meanwhile.
     */
    void copy(InstanceLayout layout, Path target) {
        // -U: QEMU holds the image lock; the paused guest writes nothing while the copy is made.
        runner.run(List.of(config.qemuImgBinary(), "convert", "-U", "-q", "-f", "qcow2", "-O", "qcow2",
                layout.disk().toString(), target.toString()), config.imageTimeout());
    }
}
