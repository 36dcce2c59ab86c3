package io.lightcloud.server.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Creates images for volume tests through the Glance API; the volume service reads them through {@link ImageRegistry}. */
final class ImageFixture {
    private final ApiClient api;
    private final String adminToken;
    private final ImageRegistry registry;

    ImageFixture(ApiClient api, String adminToken, ImageRegistry registry) {
        this.api = api;
        this.adminToken = adminToken;
        this.registry = registry;
    }

    /** A public image holding {@code file}; answers its id. */
    String create(String name, Path file, String diskFormat) {
        ApiClient.Response created = api.post("/image/v2/images", adminToken, Map.of("name", name,
                "disk_format", diskFormat, "container_format", "bare", "visibility", "public"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").stringValue();
        upload(id, file);
        return id;
    }

    /** Where the image's data is stored, as the volume service will read it. */
    Path storedFile(String imageId, AuthContext caller) {
        return registry.findUsable(imageId, caller).orElseThrow().path();
    }

    boolean exists(String imageId, AuthContext caller) {
        return registry.findUsable(imageId, caller).isPresent();
    }

    private void upload(String id, Path file) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(api.baseUrl() + "/image/v2/images/" + id + "/file"))
                    .header("X-Auth-Token", adminToken).header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofMinutes(5)).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            String status = api.get("/image/v2/images/" + id, adminToken).json().get("status").stringValue();
            if (status.equals("active")) {
                return;
            }
            assertThat(Set.of("queued", "saving", "importing")).as("image status").contains(status);
            VolumeFixture.sleep(100);
        }
        throw new AssertionError("image " + id + " did not become active");
    }
}
