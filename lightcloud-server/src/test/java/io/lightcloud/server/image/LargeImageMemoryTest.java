package io.lightcloud.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ExternalServer;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A 1 GiB image goes up and comes back intact through a controller whose heap is capped at 256 MB, which it could
 * not do if it held an image in memory. The file is sparse with random blocks spread through it, so it is made in
 * a moment yet its checksum depends on every region.
 */
class LargeImageMemoryTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void oneGibRoundTripWithA256MbHeap() throws Exception {
        Path image = sparseImage(dir.resolve("large.raw"));
        String md5 = TestImages.digest("MD5", image);
        try (ExternalServer server = ExternalServer.start(dir.resolve("data"), List.of("-Xmx256m"), List.of())) {
            String token = server.api().token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
            ImageClient images = new ImageClient(server.baseUrl());
            String id = images.create(token, Map.of("name", "large", "disk_format", "raw", "container_format", "bare"));

            long started = System.nanoTime();
            ImageClient.Response uploaded = images.upload(token, id, image);
            long uploadMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(204);
            JsonNode shown = server.api().get("/image/v2/images/" + id, token).json();
            assertThat(shown.get("size").longValue()).isEqualTo(GIB);
            assertThat(shown.get("checksum").stringValue()).isEqualTo(md5);

            started = System.nanoTime();
            HttpResponse<InputStream> download = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/image/v2/images/" + id + "/file"))
                            .header("X-Auth-Token", token).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            MessageDigest digest = MessageDigest.getInstance("MD5");
            long received = 0;
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[1 << 20];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    received += n;
                }
            }
            long downloadMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(received).isEqualTo(GIB);
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(md5);

            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            long peakRssKb = server.peakRssKb();
            System.out.printf("1 GiB upload %d ms, download %d ms, server peak RSS %d MB%n", uploadMillis,
                    downloadMillis, peakRssKb / 1024);
            assertThat(peakRssKb).as("the server never held the image in memory").isLessThan(GIB / 1024);
        }
    }

    private static Path sparseImage(Path file) throws IOException {
        Random random = new Random(3);
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(GIB);
            for (long offset = 0; offset < GIB; offset += 64L << 20) {
                random.nextBytes(block);
                raf.seek(offset);
                raf.write(block);
            }
        }
        assertThat(Files.size(file)).isEqualTo(GIB);
        return file;
    }
}
