package io.lightcloud.server.compute;

import static io.lightcloud.server.compute.ComputeFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.compute.console.ConsoleTokens;
import io.lightcloud.server.testing.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Volume attachments, snapshots (createImage), rebuilds, updates and console tokens. A {@link SimulatedAgent}
 * stands in for the real agent (a test plays it over the agent protocol), so the tests control what the host
 * reports; the end-to-end tests boot real guests.
 */
@Tag("database")
class ServerVolumesAndImagesTest extends ComputeTestBase {
    @Autowired
    private ImageRegistry images;
    @Autowired
    private ConsoleTokens consoleTokens;

    private ComputeFixture.Tenant tenant;
    private String flavor;
    private String image;

    @BeforeEach
    void setUp() {
        tenant = fixture.tenant(unique("vol"));
        flavor = fixture.flavor(unique("small"), 1, 512, 2);
        image = fixture.image(unique("image"));
    }

    /** As Nova: a detach the guest never completes fails its action and leaves the volume attached and in-use. */
    @Test
    void aDetachTheGuestDoesNotCompleteLeavesTheVolumeAttachedAndFailsTheAction() {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = active(agent, tenant.token(), "stubborn", flavor, image);
            String volume = fixture.volume(tenant.token(), tenant.projectId(), unique("data"));
            ApiClient.Response attached = fixture.nova("POST", "/servers/" + id + "/os-volume_attachments",
                    tenant.token(), Map.of("volumeAttachment", Map.of("volumeId", volume)));
            assertThat(attached.status()).as(attached.text()).isEqualTo(200);
            JsonNode before = agent.converge();
            fixture.awaitVolume(tenant.token(), tenant.projectId(), volume, ComputeFixture.volumeState("in-use", id),
                    "in-use by " + id);

            assertThat(fixture.nova("DELETE", "/servers/" + id + "/os-volume_attachments/" + volume, tenant.token(),
                    null).status()).isEqualTo(202);
            JsonNode spec = agent.spec(id);
            assertThat(spec.get("volumes")).as("the detach is asked of the agent").isEmpty();
            long appliedBefore = revisionOf(before, id);
            agent.set(id, Map.of("power_state", "running", "applied_revision", appliedBefore,
                    "attempted_revision", spec.get("revision").longValue(), "volumes", List.of(volume),
                    "error", Map.of("message", "the guest did not release volume " + volume + " after 8 unplug "
                            + "requests over 72 s; it stays attached")));
            agent.report();

            JsonNode server = fixture.server(tenant.token(), id);
            assertThat(server.get("status").stringValue()).as("the server is not broken by it").isEqualTo("ACTIVE");
            assertThat(server.has("fault")).isFalse();
            assertThat(server.at("/os-extended-volumes:volumes_attached/0/id").stringValue()).isEqualTo(volume);
            assertThat(fixture.nova("GET", "/servers/" + id + "/os-volume_attachments/" + volume, tenant.token(),
                    null).status()).isEqualTo(200);
            assertThat(fixture.volumeView(tenant.token(), tenant.projectId(), volume).get("status").stringValue())
                    .isEqualTo("in-use");
            JsonNode respec = agent.spec(id);
            assertThat(respec.get("revision").longValue()).isGreaterThan(spec.get("revision").longValue());
            assertThat(respec.at("/volumes/0/volume_id").stringValue()).as("the agent keeps it").isEqualTo(volume);

            JsonNode actions = fixture.nova("GET", "/servers/" + id + "/os-instance-actions", tenant.token(), null)
                    .json().get("instanceActions");
            JsonNode detach = actions.get(0);
            assertThat(detach.get("action").stringValue()).isEqualTo("detach_volume");
            assertThat(detach.get("message").stringValue()).isEqualTo("Error");
            JsonNode event = fixture.nova("GET", "/servers/" + id + "/os-instance-actions/"
                    + detach.get("request_id").stringValue(), admin, null, "2.84").json()
                    .at("/instanceAction/events/0");
            assertThat(event.get("result").stringValue()).isEqualTo("Error");
            assertThat(event.get("details").stringValue()).contains("did not release");

            agent.converge();
            assertThat(fixture.nova("DELETE", "/servers/" + id + "/os-volume_attachments/" + volume, tenant.token(),
                    null).status()).as("the user can try again").isEqualTo(202);
            agent.converge();
            fixture.awaitVolume(tenant.token(), tenant.projectId(), volume, ComputeFixture.volumeState("available"),
                    "available once the guest let go");
        }
    }

    private static long revisionOf(JsonNode desired, String id) {
        for (JsonNode spec : desired.get("instances")) {
            if (spec.get("id").stringValue().equals(id)) {
                return spec.get("revision").longValue();
            }
        }
        throw new AssertionError("no desired state for " + id);
    }

    @Test
    void aDeletedServersVolumesAreDetachedOnceItsHostNoLongerRunsIt() {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = active(agent, tenant.token(), "doomed", flavor, image);
            String volume = fixture.volume(tenant.token(), tenant.projectId(), unique("data"));
            ApiClient.Response attached = fixture.nova("POST", "/servers/" + id + "/os-volume_attachments",
                    tenant.token(), Map.of("volumeAttachment", Map.of("volumeId", volume)));
            assertThat(attached.status()).as(attached.text()).isEqualTo(200);
            agent.converge();
            fixture.awaitVolume(tenant.token(), tenant.projectId(), volume, ComputeFixture.volumeState("in-use", id),
                    "in-use by " + id);
            assertThat(fixture.nova("DELETE", "/servers/" + id, tenant.token(), null).status()).isEqualTo(204);
            agent.report();
            assertThat(fixture.volumeView(tenant.token(), tenant.projectId(), volume).get("status").stringValue())
                    .as("the VM still runs on the host").isEqualTo("in-use");
            agent.converge();
            fixture.awaitVolume(tenant.token(), tenant.projectId(), volume, ComputeFixture.volumeState("available"),
                    "available once the host dropped the server");
        }
    }

    @Test
    void aServerBootingFromANewVolumeIsScheduledOnceTheVolumeIsMadeAndIsRefusedBeyondTheVolumeQuota() {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String quotas = "/volume/v3/" + fixture.adminProjectId() + "/os-quota-sets/" + tenant.projectId();
            assertThat(api.put(quotas, admin, Map.of("quota_set", Map.of("gigabytes", 0))).status()).isEqualTo(200);
            Map<String, Object> body = fixture.serverBody("from-volume", flavor, image);
            body.put("availability_zone", zone);
            body.put("block_device_mapping_v2", List.of(Map.of("boot_index", 0, "uuid", image, "source_type",
                    "image", "destination_type", "volume", "volume_size", 1, "delete_on_termination", true)));
            ApiClient.Response refused = fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
            assertThat(refused.status()).as(refused.text()).isEqualTo(413);
            assertThat(fixture.nova("GET", "/servers", tenant.token(), null).json().get("servers"))
                    .as("no server is left by the refused request").isEmpty();
            assertThat(fixture.volumes(tenant.token(), tenant.projectId()).get("/volumes").json().get("volumes"))
                    .as("nor a volume").isEmpty();

            assertThat(api.put(quotas, admin, Map.of("quota_set", Map.of("gigabytes", 10))).status())
                    .isEqualTo(200);
            String id = fixture.createServer(tenant.token(), body);
            JsonNode created = fixture.server(tenant.token(), id);
            String volume = created.at("/os-extended-volumes:volumes_attached/0/id").stringValue();
            assertThat(volume).isNotEmpty();
            fixture.awaitServer(tenant.token(), id, s -> s.path("OS-EXT-STS:task_state").isString()
                    && s.get("OS-EXT-STS:task_state").stringValue().equals("spawning"),
                    "scheduled (spawning) once its volume is made");
            agent.converge();
            fixture.awaitServer(tenant.token(), id, ComputeFixture.status("ACTIVE"), "ACTIVE");
            assertThat(agent.spec(id).toString()).as("the host is told to boot from the volume").contains(volume);
            assertThat(fixture.volumeView(tenant.token(), tenant.projectId(), volume).get("bootable").stringValue())
                    .isEqualTo("true");

            assertThat(fixture.nova("DELETE", "/servers/" + id, tenant.token(), null).status()).isEqualTo(204);
            agent.converge();
            fixture.awaitVolumeGone(tenant.token(), tenant.projectId(), volume);
        }
    }

    @Test
    void createImageRegistersTheDiskTheAgentUploads() throws Exception {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = active(agent, tenant.token(), "snapme", flavor, image);
            Thread agentSide = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    JsonNode spec = agent.spec(id);
                    if (spec != null && !spec.get("snapshots").isEmpty()) {
                        String upload = spec.at("/snapshots/0/upload_url").stringValue();
                        HttpResponse<String> response = put(agent, upload, qcow2());
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        return;
                    }
                    ComputeFixture.sleep(100);
                }
            });
            agentSide.start();
            ApiClient.Response created = fixture.nova("POST", "/servers/" + id + "/action", tenant.token(),
                    Map.of("createImage", Map.of("name", "snap-1", "metadata", Map.of("purpose", "backup"))));
            agentSide.join();
            assertThat(created.status()).as(created.text()).isEqualTo(202);
            String imageId = created.json().get("image_id").stringValue();
            ImageRegistry.ImageData snapshot = images.findUsable(imageId, authOf(tenant)).orElseThrow();
            assertThat(snapshot.name()).isEqualTo("snap-1");
            assertThat(snapshot.properties()).containsEntry("image_type", "snapshot").containsEntry("instance_uuid", id)
                    .containsEntry("purpose", "backup");
            JsonNode after = fixture.server(tenant.token(), id);
            assertThat(after.get("OS-EXT-STS:task_state").isNull()).isTrue();
            assertThat(agent.spec(id).get("snapshots")).isEmpty();
        }
    }

    @Test
    void rebuildRecreatesTheDiskFromTheNewImageAndUpdateRenames() {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = active(agent, tenant.token(), "old-name", flavor, image);
            String other = fixture.image(unique("other"));
            long rebuilds = agent.spec(id).at("/rebuild/counter").longValue();
            ApiClient.Response plainText = fixture.nova("POST", "/servers/" + id + "/action", tenant.token(),
                    Map.of("rebuild", Map.of("imageRef", other, "user_data", "hello world")), "2.57");
            assertThat(plainText.status()).as("user_data must be base64").isEqualTo(400);
            assertThat(agent.spec(id).at("/rebuild/counter").longValue()).isEqualTo(rebuilds);
            ApiClient.Response rebuilt = fixture.nova("POST", "/servers/" + id + "/action", tenant.token(),
                    Map.of("rebuild", Map.of("imageRef", other, "name", "rebuilt", "metadata", Map.of("v", "2"))));
            assertThat(rebuilt.status()).as(rebuilt.text()).isEqualTo(202);
            assertThat(rebuilt.json().at("/server/status").stringValue()).isEqualTo("REBUILD");
            assertThat(rebuilt.json().at("/server/adminPass").stringValue()).as("Nova's enable_instance_password")
                    .hasSize(12);
            JsonNode spec = agent.spec(id);
            assertThat(spec.at("/rebuild/counter").longValue()).isEqualTo(rebuilds + 1);
            assertThat(spec.at("/image/id").stringValue()).isEqualTo(other);
            assertThat(spec.at("/config_drive/meta_data/meta/v").stringValue()).isEqualTo("2");
            agent.converge();
            JsonNode active = fixture.server(tenant.token(), id);
            assertThat(active.get("status").stringValue()).isEqualTo("ACTIVE");
            assertThat(active.at("/image/id").stringValue()).isEqualTo(other);

            ApiClient.Response renamed = fixture.nova("PUT", "/servers/" + id, tenant.token(),
                    Map.of("server", Map.of("name", "renamed", "description", "the web tier")));
            assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
            assertThat(renamed.json().at("/server/name").stringValue()).isEqualTo("renamed");
            assertThat(renamed.json().at("/server/description").stringValue()).isEqualTo("the web tier");
            assertThat(ComputeFixture.ids(fixture.nova("GET", "/servers?name=%5Erenam", tenant.token(), null).json()
                    .get("servers"), "id")).containsExactly(id);

            fixture.action(admin, id, Map.of("os-resetState", Map.of("state", "error")), 202);
            assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("ERROR");
            fixture.action(tenant.token(), id, Map.of("os-resetState", Map.of("state", "active")), 403);
            fixture.action(tenant.token(), id, Map.of("reboot", Map.of("type", "HARD")), 202);
            agent.converge();
            assertThat(fixture.server(tenant.token(), id).get("status").stringValue())
                    .as("a hard reboot brings a server in ERROR back").isEqualTo("ACTIVE");
            fixture.action(tenant.token(), id, Map.of("shelve", Map.of()), 501);
        }
    }

    @Test
    void consoleTokensAreOneTimeAndLeadToTheReportedVncEndpoint() {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = active(agent, tenant.token(), "screen", flavor, image);
            String url = fixture.nova("POST", "/servers/" + id + "/remote-consoles", tenant.token(),
                    Map.of("remote_console", Map.of("protocol", "vnc", "type", "novnc"))).json()
                    .at("/remote_console/url").stringValue();
            String token = url.substring(url.indexOf("token=") + 6);
            ConsoleTokens.Target target = consoleTokens.redeem(token).orElseThrow();
            assertThat(target.instanceId()).isEqualTo(id);
            assertThat(target.hostId()).isEqualTo(agent.id());
            assertThat(target.vncHost()).isEqualTo("127.0.0.1");
            assertThat(target.vncPort()).isBetween(5900, 5999);
            assertThat(consoleTokens.redeem(token)).as("a token opens one session").isEmpty();
            assertThat(consoleTokens.redeem("forged")).isEmpty();
        }
    }

    private static AuthContext authOf(ComputeFixture.Tenant owner) {
        return new AuthContext(owner.userId(), owner.userName(), "default", owner.projectId(), owner.projectId(),
                "default", null, Set.of("member", "reader"), "test", null, Instant.now().plusSeconds(60));
    }

    private HttpResponse<String> put(SimulatedAgent agent, String path, Path file) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                            .header("Authorization", "Bearer " + agent.credential())
                            .header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A real (empty) qcow2 disk, as an agent's copy of a root disk is, which the image service inspects. */
    private static Path qcow2() {
        try {
            Path file = Files.createTempFile("snapshot", ".qcow2");
            Process process = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "64M")
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor()).isZero();
            return file;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
