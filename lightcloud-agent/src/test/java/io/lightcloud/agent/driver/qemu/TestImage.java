package io.lightcloud.agent.driver.qemu;

import io.lightcloud.agent.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The Lightcloud test image, built (or taken from its cache) by the repository's {@code test-image/build.sh}. */
final class TestImage {
    private static Path image;

    private TestImage() {
    }

    static synchronized Path path() {
        if (image == null) {
            Path script = repositoryRoot().resolve("test-image/build.sh");
            String stdout = new ProcessRunner().run(List.of(script.toString()), Duration.ofMinutes(10)).stdout();
            List<String> lines = stdout.strip().lines().toList();
            image = Path.of(lines.get(lines.size() - 1));
            if (!Files.isRegularFile(image)) {
                throw new IllegalStateException("build.sh printed " + image + ", which is not a file");
            }
        }
        return image;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("test-image/build.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("test-image/build.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
