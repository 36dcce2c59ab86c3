package io.lightcloud.server.compute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Lightcloud test image, built (or taken from its cache) by the repository's {@code test-image/build.sh}. */
final class TestImagePath {
    private static Path image;

    private TestImagePath() {
    }

    static synchronized Path get() {
        if (image == null) {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null && !Files.isRegularFile(dir.resolve("test-image/build.sh"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("test-image/build.sh not found");
            }
            try {
                Process build = new ProcessBuilder(dir.resolve("test-image/build.sh").toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String stdout = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (build.waitFor() != 0) {
                    throw new IllegalStateException("test-image/build.sh failed");
                }
                List<String> lines = stdout.strip().lines().toList();
                image = Path.of(lines.get(lines.size() - 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return image;
    }
}
