package io.lightcloud.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ExternalServer;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A controller killed in the middle of an upload: once it is back, the image is killed rather than stuck saving,
 * and nothing of it (nor any other orphan file) remains in the store. Both starts also seed the test image, which
 * is registered once.
 */
@Tag("database")
class UploadRestartTest {
    @TempDir
    Path dir;

    @Test
    void anUploadCutByAControllerCrashEndsKilledWithoutLeftovers() throws Exception {
        Path data = dir.resolve("data");
        Path store = data.resolve("images");
        List<String> seed = List.of("--lightcloud.image.seed-test-image="
                + TestImages.qcow2(dir, "seed.qcow2", "64M"));
        String id;
        try (ExternalServer server = ExternalServer.start(data, List.of("-Xmx256m"), seed)) {
            String token = server.api().token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
            id = new ImageClient(server.baseUrl()).create(token,
                    Map.of("name", "interrupted", "disk_format", "raw", "container_format", "bare"));
            CompletableFuture<HttpResponse<Void>> upload = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/image/v2/images/" + id + "/file"))
                            .header("X-Auth-Token", token).header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofInputStream(SlowStream::new)).build(),
                    HttpResponse.BodyHandlers.discarding());
            awaitStagedData(store, id);
            assertThat(status(server, token, id)).isEqualTo("saving");
            server.kill();
            assertThat(upload).failsWithin(Duration.ofSeconds(30));
        }
        String orphan = UUID.randomUUID().toString();
        Files.writeString(store.resolve(orphan), "data of an image that no longer exists");
        Files.writeString(store.resolve("." + UUID.randomUUID() + ".other-node.part"), "a dead upload");

        try (ExternalServer restarted = ExternalServer.start(data, List.of("-Xmx256m"), seed)) {
            String token = restarted.api().token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
            assertThat(status(restarted, token, id)).isEqualTo("killed");
            JsonNode seeded = restarted.api().get("/image/v2/images?name=lightcloud-test", token).json().get("images");
            assertThat(seeded).hasSize(1);
            assertThat(seeded.get(0).get("visibility").stringValue()).isEqualTo("public");
            assertThat(seeded.get(0).get("status").stringValue()).isEqualTo("active");
            Path seededFile = store.resolve(seeded.get(0).get("id").stringValue());
            try (Stream<Path> left = Files.list(store)) {
                assertThat(left).as("no partial, orphan or stale file survives the restart")
                        .allMatch(seededFile::equals);
            }
            ImageClient images = new ImageClient(restarted.baseUrl());
            String fresh = images.create(token, Map.of("name", "after", "disk_format", "raw",
                    "container_format", "bare"));
            assertThat(images.upload(token, fresh, new byte[1 << 20]).status()).isEqualTo(204);
        }
    }

    private static String status(ExternalServer server, String token, String id) {
        return server.api().get("/image/v2/images/" + id, token).json().get("status").stringValue();
    }

    private static void awaitStagedData(Path store, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(store)) {
                try (Stream<Path> files = Files.list(store)) {
                    if (files.anyMatch(f -> f.getFileName().toString().startsWith("." + id) && size(f) > 4 << 20)) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the upload never reached the store");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Endless image data arriving at about 20 MB/s, so the controller is certainly killed mid-upload. */
    private static final class SlowStream extends InputStream {
        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            int n = Math.min(length, 100 * 1024);
            Arrays.fill(buffer, offset, offset + n, (byte) 7);
            return n;
        }
    }
}
