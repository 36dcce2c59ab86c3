package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.InstanceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link AppliedState}s as one JSON file per server in a directory of their own ({@code <instancesDir>/_agent}),
 * replaced atomically. The driver's instance directories stay the driver's.
 */
public final class AppliedStateStore {
    private static final Logger log = LoggerFactory.getLogger(AppliedStateStore.class);
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final ObjectMapper mapper;

    public AppliedStateStore(Path dir, ObjectMapper mapper) {
        this.dir = requireNonNull(dir, "dir");
        this.mapper = requireNonNull(mapper, "mapper");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    public Optional<AppliedState> read(String instanceId) {
        Path file = file(instanceId);
        try {
            return Optional.of(mapper.readValue(Files.readAllBytes(file), AppliedState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            log.warn("ignoring unreadable agent state file={} error=\"{}\"", file, e.getMessage());
            return Optional.empty();
        }
    }

    public void write(AppliedState state) {
        Path file = file(state.instanceId());
        Path tmp = dir.resolve("." + state.instanceId() + ".tmp");
        try {
            Files.write(tmp, mapper.writeValueAsBytes(state));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public void delete(String instanceId) {
        try {
            Files.deleteIfExists(file(instanceId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the agent state of " + instanceId, e);
        }
    }

    public List<String> instanceIds() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ids.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return ids;
    }

    private Path file(String instanceId) {
        InstanceSpec.requireValidId(instanceId);
        return dir.resolve(instanceId + SUFFIX);
    }
}
