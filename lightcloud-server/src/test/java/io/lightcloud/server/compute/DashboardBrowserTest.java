package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.BrowserScript;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in headless Chromium against the all-in-one cloud with real VMs: a user signs in, uploads the test
 * image with the progress bar, shares it with another project, launches an instance and sees it become Active, opens
 * its VNC console through the proxy, attaches a volume, reads the console log, creates a key pair (downloading its
 * private key once) and deletes it, switches the language and deletes everything. The browser side is
 * {@code browser-tests/dashboard-flow.mjs}; this test checks the cloud's side through the API between the phases.
 * Screenshots are kept in {@code lightcloud-server/target/browser-artifacts}.
 */
@Tag("browser")
@Tag("e2e")
class DashboardBrowserTest extends LocalAgentServerTestBase {
    @Test
    void aUserDrivesTheCloudFromTheDashboard() {
        String flavor = unique("dash-tiny");
        fixture.flavor(flavor, 1, 256, 1);
        String image = unique("dash-image");
        String server = unique("dash-vm");
        String volume = unique("dash-data");
        String keypair = unique("dash-key");
        String consumer = fixture.tenant(unique("dash-consumer")).projectId();
        BrowserScript flow = BrowserScript.of("dashboard-flow.mjs", Map.of("BASE_URL", api.baseUrl(),
                "USERNAME", "admin", "PASSWORD", ADMIN_PASSWORD, "IMAGE_FILE", TestImagePath.get().toString(),
                "IMAGE_NAME", image, "FLAVOR_NAME", flavor, "SERVER_NAME", server, "VOLUME_NAME", volume,
                "SHARE_PROJECT", consumer, "KEYPAIR_NAME", keypair));

        BrowserScript.Outcome launched = succeed(flow, "launch");
        assertThat(launched.results().get("uploadProgress").toString()).as("progress values seen").contains("100");
        String imageId = onlyId(api.get("/image/v2/images?name=" + image, admin), "images");
        assertThat(api.get("/image/v2/images/" + imageId + "/members", admin).json().at("/members/0/member_id")
                .stringValue()).as("the image is shared with the consumer project").isEqualTo(consumer);
        String id = onlyId(api.get("/compute/v2.1/servers?name=" + server, admin), "servers");
        assertThat(fixture.server(admin, id).get("status").stringValue()).isEqualTo("ACTIVE");
        awaitBoot(id, 1);
        assertThat(awaitConsoleOutput(id)).contains("LIGHTCLOUD-MARKER v=1 seq=1").contains("instance_id=" + id);

        BrowserScript.Outcome console = succeed(flow, "console");
        assertThat(console.results().get("litConsolePixels").intValue()).isGreaterThanOrEqualTo(500);

        succeed(flow, "volume");
        String project = fixture.adminProjectId();
        String volumeId = onlyId(api.get("/volume/v3/" + project + "/volumes?name=" + volume, admin), "volumes");
        assertThat(fixture.volumeView(admin, project, volumeId).get("status").stringValue()).isEqualTo("in-use");

        BrowserScript.Outcome keys = succeed(flow, "keypair");
        assertThat(keys.results().get("privateKeyBytes").intValue()).isGreaterThan(100);
        assertThat(fixture.nova("GET", "/os-keypairs/" + keypair, admin, null).status())
                .as("the key pair deleted in the browser").isEqualTo(404);

        succeed(flow, "language");
        succeed(flow, "cleanup");
        Instant deadline = Instant.now().plusSeconds(60);
        while (fixture.nova("GET", "/servers/" + id, admin, null).status() != 404) {
            assertThat(Instant.now()).as("server deleted").isBefore(deadline);
            sleepMillis(200);
        }
        assertThat(api.get("/volume/v3/" + project + "/volumes/" + volumeId, admin).status()).isEqualTo(404);
        assertThat(api.get("/image/v2/images?name=" + image, admin).json().get("images")).isEmpty();
    }

    private static BrowserScript.Outcome succeed(BrowserScript script, String phase) {
        BrowserScript.Outcome outcome = script.run(phase);
        assertThat(outcome.succeeded()).as("browser phase %s:%n%s", phase, outcome.output()).isTrue();
        return outcome;
    }

    private static String onlyId(ApiClient.Response response, String collection) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode items = response.json().get(collection);
        assertThat(items).hasSize(1);
        return items.get(0).get("id").stringValue();
    }

    private String awaitConsoleOutput(String id) {
        Instant deadline = Instant.now().plus(BOOT);
        String output = "";
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response response = fixture.nova("POST", "/servers/" + id + "/action", admin,
                    Map.of("os-getConsoleOutput", Map.of()));
            output = response.status() == 200 ? response.json().get("output").stringValue() : "";
            if (output.contains("LIGHTCLOUD-MARKER")) {
                return output;
            }
            sleepMillis(500);
        }
        throw new AssertionError("no marker in the console output of " + id + ": " + output);
    }
}
