package io.lightcloud.server.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Drives the volume API of one project for tests: creates volumes and snapshots and waits for their status. */
final class VolumeFixture {
    private final ApiClient api;
    private final String token;
    private final String projectId;
    private final Path dataDir;

    VolumeFixture(ApiClient api, String token, String projectId, Path dataDir) {
        this.api = api;
        this.token = token;
        this.projectId = projectId;
        this.dataDir = dataDir;
    }

    String base() {
        return "/volume/v3/" + projectId;
    }

    String token() {
        return token;
    }

    ApiClient.Response post(String path, Object body) {
        return api.post(base() + path, token, body);
    }

    ApiClient.Response get(String path) {
        return api.get(base() + path, token);
    }

    ApiClient.Response delete(String path) {
        return api.delete(base() + path, token);
    }

    ApiClient.Response action(String volumeId, String action, Object args) {
        Map<String, Object> body = new HashMap<>();
        body.put(action, args);
        return post("/volumes/" + volumeId + "/action", body);
    }

    /** Starts creating a volume and answers its id; the volume is {@code creating} until {@link #await}. */
    String startVolume(Map<String, Object> volume) {
        ApiClient.Response created = post("/volumes", Map.of("volume", volume));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        assertThat(created.json().at("/volume/status").stringValue()).isEqualTo("creating");
        return created.json().at("/volume/id").stringValue();
    }

    String volume(Map<String, Object> volume) {
        String id = startVolume(volume);
        await("volumes", id, "available");
        return id;
    }

    String snapshot(String volumeId, boolean force) {
        ApiClient.Response created = post("/snapshots", Map.of("snapshot", Map.of("volume_id", volumeId,
                "name", "snap-" + volumeId.substring(0, 8), "force", force)));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().at("/snapshot/id").stringValue();
        await("snapshots", id, "available");
        return id;
    }

    /** Waits until a volume or snapshot reaches {@code status}, failing at once if it ends in another one. */
    JsonNode await(String collection, String id, String status) {
        String key = collection.substring(0, collection.length() - 1);
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response shown = get("/" + collection + "/" + id);
            assertThat(shown.status()).as(shown.text()).isEqualTo(200);
            JsonNode item = shown.json().get(key);
            String current = item.get("status").stringValue();
            if (current.equals(status)) {
                return item;
            }
            assertThat(current).as(key + " " + id + " status").isIn("creating", "extending", "deleting");
            sleep(50);
        }
        throw new AssertionError(key + " " + id + " did not become " + status);
    }

    Path volumeFile(String volumeId) {
        return dataDir.resolve("volumes").resolve("volume-" + volumeId + ".qcow2");
    }

    Path snapshotFile(String snapshotId) {
        return dataDir.resolve("volumes").resolve("snapshot-" + snapshotId + ".qcow2");
    }

    /** The project's usage of a quota resource, as {@code os-quota-sets?usage=true} shows it. */
    long inUse(String resource) {
        ApiClient.Response quota = get("/os-quota-sets/" + projectId + "?usage=true");
        assertThat(quota.status()).as(quota.text()).isEqualTo(200);
        return quota.json().at("/quota_set/" + resource + "/in_use").longValue();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
