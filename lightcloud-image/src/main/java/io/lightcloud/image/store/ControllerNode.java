package io.lightcloud.image.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A stable name for this controller, kept in its data directory: uploads are marked with it, so that after a crash a
 * controller recognises the uploads it was running, while those of other controllers on the same database are left
 * alone.
 */
public record ControllerNode(String id) {
    public ControllerNode {
        requireNonNull(id, "id is null");
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("A node id is 1-64 letters, digits or dashes: " + id);
        }
    }

    /** The node id kept in {@code dataDir/node-id}, created on first start. */
    public static ControllerNode load(Path dataDir) throws IOException {
        Path file = dataDir.resolve("node-id");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            Files.writeString(file, UUID.randomUUID() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        }
        return new ControllerNode(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
}
