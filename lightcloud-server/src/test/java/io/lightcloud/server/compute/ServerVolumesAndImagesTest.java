package io.lightcloud.server.compute;

import static io.lightcloud.server.compute.ComputeFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.common.volume.VolumeAttachments;
import io.lightcloud.compute.console.ConsoleTokens;
import io.lightcloud.server.testing.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Volume attachments, snapshots (createImage), rebuilds, updates and console tokens. A {@link SimulatedAgent}
 * stands in for the real agent (a test plays it over the agent protocol) until the agent is wired; the volume tests
 * use the test-only volume service when lightcloud-volume is not part of the server.
 */
@Tag("database")
class ServerVolumesAndImagesTest extends ComputeTestBase {
    @Autowired
    private ImageRegistry images;
    @Autowired
    private VolumeAttachments volumes;
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

    @Test
    void volumesAreHotPluggedThroughTheDesiredStateAndReleasedWhenUnplugged() {
        Assumptions.assumeTrue(volumes instanceof TestVolumeAttachments, "volumes of the test-only volume service");
        TestVolumeAttachments service = (TestVolumeAttachments) volumes;
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = active(agent, tenant.token(), "disks", flavor, image);
            String volume = service.add(tenant.projectId());
            ApiClient.Response attached = fixture.nova("POST", "/servers/" + id + "/os-volume_attachments",
                    tenant.token(), Map.of("volumeAttachment", Map.of("volumeId", volume)));
            assertThat(attached.status()).as(attached.text()).isEqualTo(200);
            assertThat(attached.json().at("/volumeAttachment/device").stringValue()).isEqualTo("/dev/vdb");
            assertThat(service.status(volume)).isEqualTo("attaching");
            JsonNode spec = agent.spec(id);
            assertThat(spec.at("/volumes/0/volume_id").stringValue()).isEqualTo(volume);
            assertThat(spec.at("/volumes/0/connection/driver_volume_type").stringValue()).isEqualTo("file");
            assertThat(spec.at("/volumes/0/connection/path").stringValue()).endsWith(volume + ".qcow2");
            agent.converge();
            assertThat(service.status(volume)).as("the agent's report completes the attach").isEqualTo("in-use");
            assertThat(fixture.server(tenant.token(), id).at("/os-extended-volumes:volumes_attached/0/id")
                    .stringValue()).isEqualTo(volume);
            assertThat(fixture.nova("POST", "/servers/" + id + "/os-volume_attachments", tenant.token(),
                    Map.of("volumeAttachment", Map.of("volumeId", volume))).status()).isEqualTo(409);

            assertThat(fixture.nova("DELETE", "/servers/" + id + "/os-volume_attachments/" + volume, tenant.token(),
                    null).status()).isEqualTo(202);
            assertThat(agent.spec(id).get("volumes")).isEmpty();
            assertThat(service.status(volume)).as("released only once the agent unplugged it").isEqualTo("in-use");
            agent.converge();
            assertThat(service.status(volume)).isEqualTo("available");
            assertThat(fixture.nova("GET", "/servers/" + id + "/os-volume_attachments", tenant.token(), null).json()
                    .get("volumeAttachments")).isEmpty();
        }
    }

    @Test
    void aDeletedServersVolumesAreDetachedOnceItsHostNoLongerRunsIt() {
        Assumptions.assumeTrue(volumes instanceof TestVolumeAttachments, "volumes of the test-only volume service");
        TestVolumeAttachments service = (TestVolumeAttachments) volumes;
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = active(agent, tenant.token(), "doomed", flavor, image);
            String volume = service.add(tenant.projectId());
            fixture.nova("POST", "/servers/" + id + "/os-volume_attachments", tenant.token(),
                    Map.of("volumeAttachment", Map.of("volumeId", volume)));
            agent.converge();
            assertThat(fixture.nova("DELETE", "/servers/" + id, tenant.token(), null).status()).isEqualTo(204);
            agent.report();
            assertThat(service.status(volume)).as("the VM still runs on the host").isEqualTo("in-use");
            agent.converge();
            assertThat(service.status(volume)).isEqualTo("available");
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
                        HttpResponse<String> response = put(agent, upload, "qcow2 bytes of the root disk");
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
            ApiClient.Response rebuilt = fixture.nova("POST", "/servers/" + id + "/action", tenant.token(),
                    Map.of("rebuild", Map.of("imageRef", other, "name", "rebuilt", "metadata", Map.of("v", "2"))));
            assertThat(rebuilt.status()).as(rebuilt.text()).isEqualTo(202);
            assertThat(rebuilt.json().at("/server/status").stringValue()).isEqualTo("REBUILD");
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

    private HttpResponse<String> put(SimulatedAgent agent, String path, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                            .header("Authorization", "Bearer " + agent.credential())
                            .header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
