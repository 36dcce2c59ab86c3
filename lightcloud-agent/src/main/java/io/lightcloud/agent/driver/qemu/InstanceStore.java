package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.DriverException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/** Reads and atomically replaces {@code instance.json}. */
public class InstanceStore {
    private final ObjectMapper mapper;

    public InstanceStore(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper");
    }

    public Optional<InstanceRecord> read(InstanceLayout layout) {
        try {
            return Optional.of(mapper.readValue(Files.readAllBytes(layout.record()), InstanceRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.record(), e);
        } catch (JacksonException e) {
            throw new DriverException("corrupt instance record " + layout.record() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Replaces the record; synced before the rename so a crash leaves the old or the new record, never a torn one. */
    public void write(InstanceLayout layout, InstanceRecord record) {
        Path tmp = layout.dir().resolve(".instance.json.tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, layout.record(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.record(), e);
        }
    }
}
