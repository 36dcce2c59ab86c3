package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ImageFixture;
import io.lightcloud.server.testing.VolumeFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates what compute tests need through the APIs: tenants with members, flavors, images (Glance), volumes (Cinder)
 * and servers.
 */
final class ComputeFixture {
    static final String LATEST = "2.90";

    private final ApiClient api;
    private final String adminToken;
    private final ImageFixture images;
    private final Path dataDir;

    ComputeFixture(ApiClient api, String adminToken, ImageRegistry images, Path dataDir) {
        this.api = api;
        this.adminToken = adminToken;
        this.images = new ImageFixture(api, adminToken, images);
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
        return images.create(name, imageFile(), "qcow2");
    }

    /** A public image holding {@code file}, uploaded through the Glance API. */
    String image(String name, Path file) {
        return images.create(name, file, "qcow2");
    }

    /** Where the image service stores the data of a public image. */
    Path storedImageFile(String imageId) {
        AuthContext admin = new AuthContext("admin", "admin", "default", adminProjectId(), "admin", "default", null,
                Set.of("admin", "member", "reader"), "compute-test", null, Instant.now().plusSeconds(600));
        return images.storedFile(imageId, admin);
    }

    String adminProjectId() {
        return api.get("/identity/v3/projects?name=admin", adminToken).json().at("/projects/0/id").stringValue();
    }

    /** Cinder's API for the project of {@code token}. */
    VolumeFixture volumes(String token, String projectId) {
        return new VolumeFixture(api, token, projectId, dataDir);
    }

    /** A 1 GiB volume of the project, created through the Cinder API and available. */
    String volume(String token, String projectId, String name) {
        return volumes(token, projectId).volume(Map.of("name", name, "size", 1));
    }

    /** The volume as the Cinder API shows it to {@code token}. */
    JsonNode volumeView(String token, String projectId, String volumeId) {
        ApiClient.Response shown = volumes(token, projectId).get("/volumes/" + volumeId);
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        return shown.json().get("volume");
    }

    /** Waits until the volume, read through the Cinder API, matches. */
    JsonNode awaitVolume(String token, String projectId, String volumeId, Predicate<JsonNode> condition,
            String what) {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = volumeView(token, projectId, volumeId);
            if (condition.test(last)) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("volume " + volumeId + " did not become " + what + "; last seen: " + last);
    }

    /** Waits until the volume snapshot, read through the Cinder API, has {@code status}. */
    void awaitVolumeSnapshot(String token, String projectId, String snapshotId, String status) {
        Instant deadline = Instant.now().plusSeconds(30);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response shown = volumes(token, projectId).get("/snapshots/" + snapshotId);
            assertThat(shown.status()).as(shown.text()).isEqualTo(200);
            last = shown.json().at("/snapshot/status").stringValue();
            if (status.equals(last)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("snapshot " + snapshotId + " did not become " + status + "; last seen: " + last);
    }

    /** Parses a JSON text, such as an image property holding JSON. */
    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    /** Waits until the Cinder API no longer knows the volume. */
    void awaitVolumeGone(String token, String projectId, String volumeId) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (volumes(token, projectId).get("/volumes/" + volumeId).status() != 404) {
            assertThat(Instant.now()).as("volume " + volumeId + " deleted").isBefore(deadline);
            sleep(100);
        }
    }

    /** The volume is {@code status} and attached to exactly {@code serverIds}, as Cinder shows it. */
    static Predicate<JsonNode> volumeState(String status, String... serverIds) {
        return volume -> volume.get("status").stringValue().equals(status)
                && ids(volume.get("attachments"), "server_id").equals(List.of(serverIds));
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
}
