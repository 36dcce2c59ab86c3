package io.lightcloud.server.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import io.lightcloud.server.testing.VolumeFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cinder's volume transfers between two projects: the key, who sees what, the volume and its snapshots changing
 * project with their quota, the receiver's limits, deleting an offer, the 3.55/3.57 collection, and bad input.
 */
@Tag("database")
class VolumeTransferTest extends ServerTestBase {
    private ApiClient api;
    private String admin;
    private String adminProject;
    private Project giver;
    private Project receiver;

    private record Project(String id, String token, VolumeFixture volumes) {
    }

    @BeforeEach
    void setUp() {
        api = api();
        admin = adminToken();
        adminProject = api.get("/lightcloud/v1/session", admin).json().at("/session/project_id").stringValue();
        giver = project("transfer-giver");
        receiver = project("transfer-receiver");
    }

    @Test
    void anAcceptedTransferMovesTheVolumeItsSnapshotsAndTheirQuota() {
        String volume = giver.volumes().volume(Map.of("size", 1, "name", "handed-over"));
        String snapshot = giver.volumes().snapshot(volume, false);

        ApiClient.Response offered = giver.volumes().post("/os-volume-transfer",
                Map.of("transfer", Map.of("volume_id", volume, "name", "to-receiver")));
        assertThat(offered.status()).as(offered.text()).isEqualTo(202);
        String transfer = offered.json().at("/transfer/id").stringValue();
        String key = offered.json().at("/transfer/auth_key").stringValue();
        assertThat(key).hasSize(16);
        assertThat(status(giver, volume)).isEqualTo("awaiting-transfer");
        assertThat(giver.volumes().get("/os-volume-transfer/detail").json().get("transfers").toString())
                .contains(transfer).doesNotContain(key);
        assertThat(giver.volumes().delete("/volumes/" + volume).status()).as("no delete while offered")
                .isEqualTo(400);

        assertThat(receiver.volumes().get("/os-volume-transfer/" + transfer).status()).isEqualTo(404);
        assertThat(receiver.volumes().get("/os-volume-transfer").json().get("transfers")).isEmpty();
        ApiClient.Response wrongKey = accept(receiver, transfer, "not-the-key-0000");
        assertThat(wrongKey.status()).isEqualTo(400);
        assertThat(wrongKey.json().at("/badRequest/message").stringValue()).contains("Invalid auth key");
        assertThat(status(giver, volume)).isEqualTo("awaiting-transfer");

        ApiClient.Response accepted = accept(receiver, transfer, key);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        assertThat(accepted.json().at("/transfer/volume_id").stringValue()).isEqualTo(volume);
        assertThat(giver.volumes().get("/volumes/" + volume).status()).isEqualTo(404);
        JsonNode moved = receiver.volumes().get("/volumes/" + volume).json().get("volume");
        assertThat(moved.get("status").stringValue()).isEqualTo("available");
        assertThat(moved.get("os-vol-tenant-attr:tenant_id").stringValue()).isEqualTo(receiver.id());
        assertThat(receiver.volumes().get("/snapshots/" + snapshot).status()).as("snapshots go along")
                .isEqualTo(200);
        assertThat(giver.volumes().get("/snapshots/" + snapshot).status()).isEqualTo(404);
        assertThat(inUse(giver, "volumes")).isZero();
        assertThat(inUse(giver, "snapshots")).isZero();
        assertThat(inUse(receiver, "volumes")).isEqualTo(1);
        assertThat(inUse(receiver, "snapshots")).isEqualTo(1);
        assertThat(inUse(receiver, "gigabytes")).isEqualTo(2);
        assertThat(accept(receiver, transfer, key).status()).as("a transfer is accepted once").isEqualTo(404);

        assertThat(receiver.volumes().delete("/volumes/" + volume + "?cascade=true").status()).isEqualTo(202);
    }

    @Test
    void theReceiversQuotaAppliesAndADeletedOfferGivesTheVolumeBack() {
        String volume = giver.volumes().volume(Map.of("size", 1));
        ApiClient.Response offered = giver.volumes().post("/os-volume-transfer",
                Map.of("transfer", Map.of("volume_id", volume)));
        String transfer = offered.json().at("/transfer/id").stringValue();
        ApiClient.Response limited = api.put("/volume/v3/" + adminProject + "/os-quota-sets/" + receiver.id(),
                admin, Map.of("quota_set", Map.of("volumes", 0)));
        assertThat(limited.status()).as(limited.text()).isEqualTo(200);

        ApiClient.Response over = accept(receiver, transfer, offered.json().at("/transfer/auth_key").stringValue());
        assertThat(over.status()).as(over.text()).isEqualTo(413);
        assertThat(status(giver, volume)).as("nothing moved").isEqualTo("awaiting-transfer");
        assertThat(inUse(receiver, "volumes")).isZero();

        assertThat(receiver.volumes().delete("/os-volume-transfer/" + transfer).status()).as("not theirs")
                .isEqualTo(404);
        assertThat(giver.volumes().delete("/os-volume-transfer/" + transfer).status()).isEqualTo(202);
        assertThat(status(giver, volume)).isEqualTo("available");
        assertThat(giver.volumes().get("/os-volume-transfer/" + transfer).status()).isEqualTo(404);
        assertThat(giver.volumes().delete("/volumes/" + volume).status()).isEqualTo(202);
    }

    @Test
    void theVolumeTransfersCollectionFollowsItsMicroversionsAndBadInputIsRefused() {
        String volume = giver.volumes().volume(Map.of("size", 1));
        assertThat(versioned(giver, "GET", "/volume-transfers", null, "3.54").status()).isEqualTo(404);
        String snapshot = giver.volumes().snapshot(volume, false);
        ApiClient.Response withoutSnapshots = versioned(giver, "POST", "/volume-transfers",
                Map.of("transfer", Map.of("volume_id", volume, "no_snapshots", true)), "3.57");
        assertThat(withoutSnapshots.status()).as("its snapshots would be left behind").isEqualTo(400);
        assertThat(status(giver, volume)).isEqualTo("available");

        ApiClient.Response offered = versioned(giver, "POST", "/volume-transfers",
                Map.of("transfer", Map.of("volume_id", volume)), "3.57");
        assertThat(offered.status()).as(offered.text()).isEqualTo(202);
        JsonNode shown = versioned(giver, "GET", "/volume-transfers/" + offered.json().at("/transfer/id")
                .stringValue(), null, "3.57").json().get("transfer");
        assertThat(shown.get("source_project_id").stringValue()).isEqualTo(giver.id());
        assertThat(shown.get("accepted").booleanValue()).isFalse();
        assertThat(shown.get("no_snapshots").booleanValue()).isFalse();
        assertThat(giver.volumes().post("/os-volume-transfer", Map.of("transfer", Map.of("volume_id", volume)))
                .status()).as("offered twice").isEqualTo(400);

        assertThat(giver.volumes().post("/os-volume-transfer", Map.of("transfer", Map.of())).status())
                .isEqualTo(400);
        assertThat(giver.volumes().post("/os-volume-transfer", Map.of("transfer",
                Map.of("volume_id", "0b8a1f3e-0000-4000-8000-000000000000"))).status()).isEqualTo(404);
        String theirs = receiver.volumes().volume(Map.of("size", 1));
        assertThat(giver.volumes().post("/os-volume-transfer", Map.of("transfer", Map.of("volume_id", theirs)))
                .status()).as("another project's volume").isEqualTo(404);
        assertThat(receiver.volumes().post("/os-volume-transfer/" + offered.json().at("/transfer/id").stringValue()
                + "/accept", Map.of("accept", Map.of())).status()).isEqualTo(400);

        assertThat(giver.volumes().delete("/os-volume-transfer/" + offered.json().at("/transfer/id").stringValue())
                .status()).isEqualTo(202);
        assertThat(giver.volumes().delete("/volumes/" + volume + "?cascade=true").status()).isEqualTo(202);
        assertThat(giver.volumes().get("/snapshots/" + snapshot).status()).isEqualTo(404);
    }

    private Project project(String prefix) {
        IdentityFixture identity = new IdentityFixture(api, admin);
        String name = unique(prefix);
        String projectId = identity.project(name);
        identity.grant(projectId, identity.user(name + "-user", "pw-" + name), "member");
        String token = api.token(name + "-user", "pw-" + name, name);
        return new Project(projectId, token, new VolumeFixture(api, token, projectId, dataDir()));
    }

    private ApiClient.Response accept(Project project, String transfer, String key) {
        return project.volumes().post("/os-volume-transfer/" + transfer + "/accept",
                Map.of("accept", Map.of("auth_key", key)));
    }

    private ApiClient.Response versioned(Project project, String method, String path, Object body, String version) {
        return api.send(method, project.volumes().base() + path, project.token(), body,
                Map.of("OpenStack-API-Version", "volume " + version));
    }

    private static String status(Project project, String volume) {
        return project.volumes().get("/volumes/" + volume).json().at("/volume/status").stringValue();
    }

    private long inUse(Project project, String resource) {
        return api.get("/volume/v3/" + adminProject + "/os-quota-sets/" + project.id() + "?usage=true", admin).json()
                .at("/quota_set/" + resource + "/in_use").longValue();
    }
}
