package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Creates what compute tests need through the APIs: tenants with members, flavors, images and servers. Images go
 * through the Glance API when the image module is part of the server, else into the test-only
 * {@link TestImageRegistry}.
 */
final class ComputeFixture {
    static final String LATEST = "2.90";

    private final ApiClient api;
    private final String adminToken;
    private final ImageRegistry images;
    private final Path dataDir;

    ComputeFixture(ApiClient api, String adminToken, ImageRegistry images, Path dataDir) {
        this.api = api;
        this.adminToken = adminToken;
        this.images = images;
        this.dataDir = dataDir;
    }

    /** A project with a member user; answers the member's project-scoped token. */
    record Tenant(String projectId, String userId, String userName, String password, String token) {
    }

    Tenant tenant(String name) {
        ApiClient.Response project = api.post("/identity/v3/projects", adminToken,
                Map.of("project", Map.of("name", name, "domain_id", "default")));
        assertThat(project.status()).as(project.text()).isEqualTo(201);
        String projectId = project.json().at("/project/id").stringValue();
        String password = "pw-" + name;
        ApiClient.Response user = api.post("/identity/v3/users", adminToken,
                Map.of("user", Map.of("name", name + "-user", "password", password, "domain_id", "default")));
        assertThat(user.status()).as(user.text()).isEqualTo(201);
        String userId = user.json().at("/user/id").stringValue();
        String memberRole = api.get("/identity/v3/roles?name=member", adminToken).json().at("/roles/0/id")
                .stringValue();
        ApiClient.Response granted = api.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/"
                + memberRole, adminToken, null);
        assertThat(granted.status()).as(granted.text()).isEqualTo(204);
        return new Tenant(projectId, userId, name + "-user", password, api.token(name + "-user", password, name));
    }

    String flavor(String name, int vcpus, int ramMb, int diskGb) {
        ApiClient.Response created = nova("POST", "/flavors", adminToken, Map.of("flavor", Map.of("name", name,
                "vcpus", vcpus, "ram", ramMb, "disk", diskGb)));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.json().at("/flavor/id").stringValue();
    }

    /** A public qcow2 image; the simulated agents never read its data. */
    String image(String name) {
        Path file = imageFile();
        if (images instanceof TestImageRegistry registry) {
            return registry.add(name, file, "qcow2", 64L << 20, null, Map.of("hw_architecture", "x86_64")).id();
        }
        ApiClient.Response created = api.post("/image/v2/images", adminToken, Map.of("name", name,
                "disk_format", "qcow2", "container_format", "bare", "visibility", "public"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").stringValue();
        upload(id, file);
        return id;
    }

    ApiClient.Response nova(String method, String path, String token, Object body) {
        return api.send(method, "/compute/v2.1" + path, token, body, Map.of("OpenStack-API-Version",
                "compute " + LATEST));
    }

    ApiClient.Response nova(String method, String path, String token, Object body, String microversion) {
        return api.send(method, "/compute/v2.1" + path, token, body, Map.of("OpenStack-API-Version",
                "compute " + microversion));
    }

    Map<String, Object> serverBody(String name, String flavor, String image) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", name);
        server.put("flavorRef", flavor);
        server.put("imageRef", image);
        server.put("networks", "none");
        return server;
    }

    String createServer(String token, Map<String, Object> server) {
        ApiClient.Response created = nova("POST", "/servers", token, Map.of("server", server));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        return created.json().at("/server/id").stringValue();
    }

    JsonNode server(String token, String id) {
        ApiClient.Response shown = nova("GET", "/servers/" + id, token, null);
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        return shown.json().get("server");
    }

    void action(String token, String id, Map<String, Object> action, int expectedStatus) {
        ApiClient.Response response = nova("POST", "/servers/" + id + "/action", token, action);
        assertThat(response.status()).as(response.text()).isEqualTo(expectedStatus);
    }

    /** Waits until the server matches, reading it again every 100 ms for up to 15 s. */
    JsonNode awaitServer(String token, String id, Predicate<JsonNode> condition, String what) {
        Instant deadline = Instant.now().plusSeconds(15);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = server(token, id);
            if (condition.test(last)) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("server " + id + " did not become " + what + "; last seen: " + last);
    }

    static Predicate<JsonNode> status(String status) {
        return server -> server.get("status").stringValue().equals(status);
    }

    static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.get(field).stringValue()));
        return ids;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A real, empty qcow2 file, so that an image service that inspects uploads accepts it. */
    private Path imageFile() {
        try {
            Path directory = Files.createDirectories(dataDir.resolve("compute-test-images"));
            Path file = directory.resolve(UUID.randomUUID() + ".qcow2");
            Process process = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "64M")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as("qemu-img create: " + output).isZero();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void upload(String id, Path file) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(api.baseUrl() + "/image/v2/images/" + id + "/file"))
                    .header("X-Auth-Token", adminToken).header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofMinutes(1)).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
