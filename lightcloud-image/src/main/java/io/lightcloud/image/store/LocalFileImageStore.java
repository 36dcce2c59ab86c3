package io.lightcloud.image.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Image data as files in one directory: {@code <id>} for committed data and {@code .<id>.<node>.part} while an upload
 * runs. Staged data goes to disk while it is written ({@link StagedOutput}); commit forces the rest to disk and renames
 * the file into place, so the name {@code <id>} only ever refers to complete data. The directory may be shared (NFS)
 * by several controllers; staged names carry the writing node so each controller's recovery removes only its own
 * leftovers.
 */
public class LocalFileImageStore implements ImageStore {
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{12}");
    private static final Pattern STAGED = Pattern.compile("\\.(" + ID.pattern() + ")\\.([A-Za-z0-9-]+)\\.part");

    private final Path directory;
    private final String node;

    public LocalFileImageStore(Path directory, String node) throws IOException {
        this.directory = requireNonNull(directory, "directory is null");
        this.node = requireNonNull(node, "node is null");
        Files.createDirectories(directory);
    }

    @Override
    public Staged stage(String imageId) throws IOException {
        Path staged = directory.resolve("." + checked(imageId) + "." + node + ".part");
        FileChannel channel = FileChannel.open(staged, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new LocalStaged(channel, staged, path(imageId));
    }

    @Override
    public Optional<InputStream> open(String imageId, long offset) throws IOException {
        try {
            FileChannel channel = FileChannel.open(path(imageId), StandardOpenOption.READ);
            channel.position(offset);
            return Optional.of(Channels.newInputStream(channel));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Path path(String imageId) {
        return directory.resolve(checked(imageId));
    }

    @Override
    public void delete(String imageId) throws IOException {
        Files.deleteIfExists(path(imageId));
    }

    @Override
    public List<StoredFile> list() throws IOException {
        List<StoredFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                Matcher staged = STAGED.matcher(name);
                if (staged.matches()) {
                    files.add(new StoredFile(staged.group(1), staged.group(2), entry));
                } else if (ID.matcher(name).matches()) {
                    files.add(new StoredFile(name, null, entry));
                }
            }
        }
        return files;
    }

    @Override
    public void remove(StoredFile file) throws IOException {
        Files.deleteIfExists(file.path());
    }

    private static String checked(String imageId) {
        if (!ID.matcher(imageId).matches()) {
            throw new IllegalArgumentException("not an image id: " + imageId);
        }
        return imageId;
    }

    private static final class LocalStaged implements Staged {
        private final FileChannel channel;
        private final StagedOutput output;
        private final Path staged;
        private final Path target;
        private boolean committed;

        LocalStaged(FileChannel channel, Path staged, Path target) {
            this.channel = channel;
            this.output = new StagedOutput(channel, StagedOutput.STRETCH);
            this.staged = staged;
            this.target = target;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public Path file() {
            return staged;
        }

        @Override
        public void commit() throws IOException {
            output.awaitFlush();
            channel.force(true);
            channel.close();
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            channel.close();
            if (!committed) {
                Files.deleteIfExists(staged);
            }
        }
    }
}
