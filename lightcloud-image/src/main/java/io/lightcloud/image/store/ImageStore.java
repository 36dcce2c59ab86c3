package io.lightcloud.image.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where image data lives. Data is written to a staging place first and becomes the image's data only when committed,
 * atomically, so a reader never sees half an image and a crash leaves at most a staged leftover, which
 * {@link #list()} shows to the recovery at startup. Implementations: {@link LocalFileImageStore}.
 */
public interface ImageStore {
    /** Starts writing the data of an image; nothing is visible under its id until {@link Staged#commit()}. */
    Staged stage(String imageId) throws IOException;

    /** Opens the stored data of an image at {@code offset}; empty when nothing is stored for it. */
    Optional<InputStream> open(String imageId, long offset) throws IOException;

    /** A local path to the stored data, for tools such as {@code qemu-img} and QEMU itself. */
    Path path(String imageId);

    /** Removes the stored data of an image, if any. */
    void delete(String imageId) throws IOException;

    /** Everything in the store, committed and staged, for recovery after a crash. */
    List<StoredFile> list() throws IOException;

    /** Removes one entry that {@link #list()} returned. */
    void remove(StoredFile file) throws IOException;

    /**
     * One entry of the store.
     *
     * @param stagingNode for a staged (uncommitted) entry, the controller node that was writing it; null when committed
     */
    record StoredFile(String imageId, String stagingNode, Path path) {
        public boolean isStaged() {
            return stagingNode != null;
        }
    }

    /** Data being written. Closing it without committing discards what was written. */
    interface Staged extends Closeable {
        OutputStream output();

        /** Where the staged data can be read before it is committed, for inspection. */
        Path file();

        /** Makes the staged data the image's data, durably and atomically. */
        void commit() throws IOException;
    }
}
