package io.lightcloud.server.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ImageFixture;
import io.lightcloud.server.testing.ServerTestBase;
import io.lightcloud.server.testing.VolumeFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The volume service through its Cinder v3 API, on the real server with qcow2 files on disk. */
@Tag("database")
class VolumeApiTest extends ServerTestBase {
    private static final long GIB = 1L << 30;
    private static final int OLD = 0x5a;
    private static final int NEW = 0xa5;

    @Autowired
    private ImageRegistry imageRegistry;

    private ApiClient api;
    private String admin;
    private String adminProject;
    private VolumeFixture volumes;
    private IdentityFixture identity;
    private ImageFixture images;

    @BeforeEach
    void setUp() {
        api = api();
        admin = adminToken();
        adminProject = projectOf(admin);
        volumes = new VolumeFixture(api, admin, adminProject, dataDir());
        identity = new IdentityFixture(api, admin);
        images = new ImageFixture(api, admin, imageRegistry);
    }

    @Test
    void versionsAndCatalog() {
        ApiClient.Response versions = api.get("/volume", null);
        assertThat(versions.status()).isEqualTo(300);
        JsonNode v3 = versions.json().at("/versions/0");
        assertThat(v3.get("id").stringValue()).isEqualTo("v3.0");
        assertThat(v3.get("min_version").stringValue()).isEqualTo("3.0");
        assertThat(v3.get("version").stringValue()).isEqualTo("3.60");
        assertThat(api.get("/volume/v3", null).json().at("/versions/0/links/1/href").stringValue())
                .isEqualTo(api.baseUrl() + "/volume/v3/");

        JsonNode catalog = api.post("/identity/v3/auth/tokens", null,
                ApiClient.passwordAuth("admin", ADMIN_PASSWORD, "admin")).json().at("/token/catalog");
        List<String> types = new ArrayList<>();
        catalog.forEach(entry -> {
            types.add(entry.get("type").stringValue());
            if (entry.get("type").stringValue().equals("volumev3")) {
                assertThat(entry.get("name").stringValue()).isEqualTo("cinderv3");
                assertThat(entry.at("/endpoints/0/url").stringValue())
                        .isEqualTo(api.baseUrl() + "/volume/v3/" + adminProject);
            }
        });
        assertThat(types).contains("volumev3", "block-storage");
    }

    @Test
    void createShowListUpdateExtendAndDelete() throws IOException {
        long gigabytesBefore = volumes.inUse("gigabytes");
        String name = unique("vol");
        String id = volumes.volume(Map.of("size", 1, "name", name, "description", "first",
                "metadata", Map.of("purpose", "test")));

        JsonNode shown = volumes.get("/volumes/" + id).json().get("volume");
        assertThat(shown.get("size").intValue()).isEqualTo(1);
        assertThat(shown.get("bootable").stringValue()).isEqualTo("false");
        assertThat(shown.get("volume_type").stringValue()).isEqualTo("__DEFAULT__");
        assertThat(shown.get("availability_zone").stringValue()).isEqualTo("nova");
        assertThat(shown.at("/metadata/purpose").stringValue()).isEqualTo("test");
        assertThat(shown.get("os-vol-tenant-attr:tenant_id").stringValue()).isEqualTo(adminProject);
        assertThat(shown.get("created_at").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(QemuFiles.virtualSize(volumes.volumeFile(id), "qcow2")).isEqualTo(GIB);
        assertThat(volumes.inUse("gigabytes")).isEqualTo(gigabytesBefore + 1);

        JsonNode summaries = volumes.get("/volumes?name=" + name).json().get("volumes");
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).get("id").stringValue()).isEqualTo(id);
        assertThat(summaries.get(0).has("status")).as("the summary list has id, name and links only").isFalse();
        assertThat(volumes.get("/volumes/detail?name=" + name).json().at("/volumes/0/status").stringValue())
                .isEqualTo("available");
        JsonNode summary = api.send("GET", volumes.base() + "/volumes/summary", admin, null,
                Map.of("OpenStack-API-Version", "volume 3.36")).json().get("volume-summary");
        assertThat(summary.get("total_count").intValue()).isPositive();
        assertThat(summary.get("total_size").intValue()).isGreaterThanOrEqualTo(summary.get("total_count").intValue());
        assertThat(summary.at("/metadata/purpose").toString()).contains("\"test\"");
        assertThat(volumes.get("/volumes/summary").status()).as("3.12 and later").isEqualTo(404);

        ApiClient.Response updated = api.put(volumes.base() + "/volumes/" + id, admin,
                Map.of("volume", Map.of("name", name + "-renamed", "description", "second")));
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().at("/volume/description").stringValue()).isEqualTo("second");
        assertThat(updated.json().get("volume").has("os-vol-tenant-attr:tenant_id"))
                .as("Cinder's update answer has no extension attributes").isFalse();
        assertThat(volumes.post("/volumes/" + id + "/metadata", Map.of("metadata", Map.of("tier", "gold")))
                .json().get("metadata").size()).isEqualTo(2);
        assertThat(volumes.get("/volumes/" + id + "/metadata/tier").json().at("/meta/tier").stringValue())
                .isEqualTo("gold");

        ApiClient.Response extended = volumes.action(id, "os-extend", Map.of("new_size", 3));
        assertThat(extended.status()).as(extended.text()).isEqualTo(202);
        assertThat(volumes.await("volumes", id, "available").get("size").intValue()).isEqualTo(3);
        assertThat(QemuFiles.virtualSize(volumes.volumeFile(id), "qcow2")).isEqualTo(3 * GIB);
        assertThat(volumes.inUse("gigabytes")).isEqualTo(gigabytesBefore + 3);
        ApiClient.Response shrink = volumes.action(id, "os-extend", Map.of("new_size", 2));
        assertThat(shrink.status()).isEqualTo(400);
        assertThat(shrink.json().at("/badRequest/message").stringValue())
                .contains("New size for extend must be greater than current size");

        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(202);
        ApiClient.Response gone = volumes.get("/volumes/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().at("/itemNotFound/message").stringValue())
                .isEqualTo("Volume " + id + " could not be found.");
        assertThat(volumes.volumeFile(id)).doesNotExist();
        assertThat(volumes.inUse("gigabytes")).isEqualTo(gigabytesBefore);
    }

    @Test
    void snapshotKeepsDataAndANewVolumeFromItHasIt() {
        String source = volumes.volume(Map.of("size", 1, "name", unique("snap-source")));
        QemuFiles.writePattern(volumes.volumeFile(source), "qcow2", OLD, "1M");
        String snapshot = volumes.snapshot(source, false);
        QemuFiles.writePattern(volumes.volumeFile(source), "qcow2", NEW, "1M");

        JsonNode shownSnapshot = volumes.get("/snapshots/" + snapshot).json().get("snapshot");
        assertThat(shownSnapshot.get("volume_id").stringValue()).isEqualTo(source);
        assertThat(shownSnapshot.get("size").intValue()).isEqualTo(1);
        assertThat(shownSnapshot.get("os-extended-snapshot-attributes:progress").stringValue()).isEqualTo("100%");
        ApiClient.Response renamed = api.put(volumes.base() + "/snapshots/" + snapshot, admin,
                Map.of("snapshot", Map.of("name", "renamed", "description", "kept")));
        assertThat(renamed.json().at("/snapshot/name").stringValue()).isEqualTo("renamed");
        assertThat(renamed.json().get("snapshot").has("os-extended-snapshot-attributes:project_id"))
                .as("Cinder's update answer has no extension attributes").isFalse();
        assertThat(volumes.get("/snapshots").json().at("/snapshots/0").has("os-extended-snapshot-attributes:progress"))
                .as("nor its plain list").isFalse();
        assertThat(volumes.get("/snapshots/detail").json().at("/snapshots/0")
                .has("os-extended-snapshot-attributes:progress")).isTrue();
        assertThat(volumes.post("/snapshots/" + snapshot + "/metadata", Map.of("metadata", Map.of("k", "v"))).json()
                .at("/metadata/k").stringValue()).isEqualTo("v");
        assertThat(volumes.delete("/snapshots/" + snapshot + "/metadata/k").status()).isEqualTo(200);
        assertThat(volumes.get("/snapshots/" + snapshot + "/metadata/k").status()).isEqualTo(404);
        assertThat(volumes.get("/snapshots/detail?volume_id=" + source).json().get("snapshots")).hasSize(1);

        String restored = volumes.volume(Map.of("snapshot_id", snapshot, "size", 2, "name", unique("restored")));
        assertThat(QemuFiles.holdsPattern(volumes.volumeFile(restored), "qcow2", OLD, "1M")).isTrue();
        assertThat(QemuFiles.virtualSize(volumes.volumeFile(restored), "qcow2")).isEqualTo(2 * GIB);
        assertThat(volumes.get("/volumes/" + restored).json().at("/volume/snapshot_id").stringValue())
                .isEqualTo(snapshot);

        ApiClient.Response refused = volumes.delete("/volumes/" + source);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/badRequest/message").stringValue())
                .startsWith("Invalid volume: Volume status must be available").contains("have snapshots");
        assertThat(volumes.volumeFile(source)).exists();

        assertThat(volumes.delete("/volumes/" + source + "?cascade=true").status()).isEqualTo(202);
        assertThat(volumes.get("/snapshots/" + snapshot).status()).isEqualTo(404);
        assertThat(volumes.snapshotFile(snapshot)).doesNotExist();
        assertThat(QemuFiles.holdsPattern(volumes.volumeFile(restored), "qcow2", OLD, "1M"))
                .as("a volume made from a snapshot does not depend on it").isTrue();
        assertThat(volumes.delete("/volumes/" + restored).status()).isEqualTo(202);
    }

    @Test
    void cloneCopiesTheSourceData() {
        String source = volumes.volume(Map.of("size", 1, "name", unique("clone-source")));
        QemuFiles.writePattern(volumes.volumeFile(source), "qcow2", OLD, "1M");
        String clone = volumes.volume(Map.of("source_volid", source, "name", unique("clone")));
        assertThat(volumes.get("/volumes/" + clone).json().at("/volume/source_volid").stringValue()).isEqualTo(source);
        assertThat(volumes.get("/volumes/" + clone).json().at("/volume/size").intValue()).isEqualTo(1);
        assertThat(volumes.delete("/volumes/" + source).status()).isEqualTo(202);
        assertThat(QemuFiles.holdsPattern(volumes.volumeFile(clone), "qcow2", OLD, "1M")).isTrue();
        ApiClient.Response tooSmall = volumes.post("/volumes", Map.of("volume", Map.of("source_volid", clone,
                "size", 0)));
        assertThat(tooSmall.status()).isEqualTo(400);
        assertThat(volumes.delete("/volumes/" + clone).status()).isEqualTo(202);
    }

    @Test
    void volumeFromImageHoldsTheImageAndIsBootable() throws IOException {
        Path file = Files.createTempFile(dataDir(), "image-", ".qcow2");
        QemuFiles.create(file, "qcow2", "64M");
        QemuFiles.writePattern(file, "qcow2", OLD, "1M");
        String image = images.create(unique("image"), file, "qcow2");

        ApiClient.Response created = volumes.post("/volumes", Map.of("volume", Map.of("size", 1, "imageRef", image,
                "name", unique("from-image"))));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        assertThat(created.json().get("volume").propertyNames())
                .as("Cinder's create answer has no extension attributes")
                .doesNotContain("os-vol-tenant-attr:tenant_id", "os-vol-host-attr:host", "volume_image_metadata",
                        "os-vol-mig-status-attr:migstat");
        String id = created.json().at("/volume/id").stringValue();
        volumes.await("volumes", id, "available");
        JsonNode shown = volumes.get("/volumes/" + id).json().get("volume");
        assertThat(shown.get("bootable").stringValue()).isEqualTo("true");
        assertThat(shown.at("/volume_image_metadata/image_id").stringValue()).isEqualTo(image);
        assertThat(QemuFiles.holdsPattern(volumes.volumeFile(id), "qcow2", OLD, "1M")).isTrue();
        assertThat(QemuFiles.virtualSize(volumes.volumeFile(id), "qcow2")).isEqualTo(GIB);

        ApiClient.Response missing = volumes.post("/volumes", Map.of("volume", Map.of("size", 1,
                "imageRef", "00000000-0000-0000-0000-000000000000")));
        assertThat(missing.status()).isEqualTo(404);

        ApiClient.Response uploaded = volumes.action(id, "os-volume_upload_image", Map.of("image_name",
                unique("uploaded"), "disk_format", "qcow2"));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(202);
        String newImage = uploaded.json().at("/os-volume_upload_image/image_id").stringValue();
        assertThat(images.exists(newImage, adminContext())).isTrue();
        assertThat(QemuFiles.holdsPattern(images.storedFile(newImage, adminContext()), "qcow2", OLD, "1M")).isTrue();
        assertThat(volumes.get("/volumes/" + id).json().at("/volume/status").stringValue()).isEqualTo("available");
        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(202);
    }

    @Test
    void failedCreateFromImageEndsInErrorWithNoFileAndQuotaReleased() throws IOException {
        Path file = Files.createTempFile(dataDir(), "doomed-", ".qcow2");
        QemuFiles.create(file, "qcow2", "64M");
        String image = images.create(unique("doomed"), file, "qcow2");
        Files.write(images.storedFile(image, adminContext()), "this is no longer a qcow2 image".getBytes());
        long volumesBefore = volumes.inUse("volumes");
        long gigabytesBefore = volumes.inUse("gigabytes");

        String id = volumes.startVolume(Map.of("size", 2, "imageRef", image, "name", unique("broken")));
        volumes.await("volumes", id, "error");

        assertThat(volumes.volumeFile(id)).doesNotExist();
        try (Stream<Path> files = Files.list(dataDir().resolve("volumes"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(id));
        }
        assertThat(volumes.inUse("volumes")).isEqualTo(volumesBefore);
        assertThat(volumes.inUse("gigabytes")).isEqualTo(gigabytesBefore);
        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(202);
        assertThat(volumes.inUse("gigabytes")).as("deleting the errored volume releases nothing twice")
                .isEqualTo(gigabytesBefore);
    }

    @Test
    void anotherProjectSeesNothing() {
        String volume = volumes.volume(Map.of("size", 1, "name", unique("private")));
        String projectB = identity.project(unique("volume-b"));
        String userB = unique("volume-user-b");
        identity.grant(projectB, identity.user(userB, "pw-b"), "member");
        String tokenB = api.token(userB, "pw-b", projectName(projectB));
        VolumeFixture asB = new VolumeFixture(api, tokenB, projectB, dataDir());

        assertThat(asB.get("/volumes/" + volume).status()).isEqualTo(404);
        assertThat(asB.delete("/volumes/" + volume).status()).isEqualTo(404);
        assertThat(asB.action(volume, "os-extend", Map.of("new_size", 2)).status()).isEqualTo(404);
        assertThat(asB.get("/volumes/" + volume + "/metadata").status()).isEqualTo(404);
        assertThat(asB.post("/snapshots", Map.of("snapshot", Map.of("volume_id", volume))).status()).isEqualTo(404);
        assertThat(asB.post("/volumes", Map.of("volume", Map.of("source_volid", volume))).status()).isEqualTo(404);
        assertThat(asB.get("/volumes/detail?all_tenants=1").json().get("volumes").toString()).doesNotContain(volume);

        ApiClient.Response otherUrl = api.get(volumes.base() + "/volumes", tokenB);
        assertThat(otherUrl.status()).isEqualTo(400);
        assertThat(otherUrl.json().at("/badRequest/message").stringValue()).isEqualTo("Malformed request url");
        assertThat(asB.get("/os-quota-sets/" + adminProject).status()).isEqualTo(403);
        assertThat(api.put(asB.base() + "/os-quota-sets/" + projectB, tokenB,
                Map.of("quota_set", Map.of("volumes", 100))).status()).isEqualTo(403);
        assertThat(asB.action(asB.volume(Map.of("size", 1)), "os-reset_status", Map.of("status", "error"))
                .status()).as("reset status is for admins").isEqualTo(403);

        assertThat(volumes.get("/volumes/detail?all_tenants=1&project_id=" + projectB).json().get("volumes"))
                .hasSize(1);
        assertThat(volumes.delete("/volumes/" + volume).status()).isEqualTo(202);
    }

    @Test
    void concurrentCreatesNeverExceedTheGigabytesQuota() throws Exception {
        String project = identity.project(unique("quota"));
        String user = unique("quota-user");
        identity.grant(project, identity.user(user, "pw-quota"), "member");
        ApiClient.Response set = api.put(volumes.base() + "/os-quota-sets/" + project, admin,
                Map.of("quota_set", Map.of("gigabytes", 10, "volumes", 50)));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json().at("/quota_set/gigabytes").intValue()).isEqualTo(10);
        VolumeFixture member = new VolumeFixture(api, api.token(user, "pw-quota", projectName(project)), project,
                dataDir());

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            responses.add(pool.submit(() -> {
                start.await();
                return member.post("/volumes", Map.of("volume", Map.of("size", 1, "name", "q-" + n)));
            }));
        }
        start.countDown();
        List<String> created = new ArrayList<>();
        int refused = 0;
        for (Future<ApiClient.Response> future : responses) {
            ApiClient.Response response = future.get();
            if (response.status() == 202) {
                created.add(response.json().at("/volume/id").stringValue());
            } else {
                assertThat(response.status()).as(response.text()).isEqualTo(413);
                assertThat(response.json().at("/overLimit/message").stringValue())
                        .contains("exceeds allowed gigabytes quota");
                refused++;
            }
        }
        pool.shutdown();
        assertThat(created).hasSize(10);
        assertThat(refused).isEqualTo(10);
        assertThat(member.inUse("gigabytes")).isEqualTo(10);
        assertThat(member.inUse("volumes")).isEqualTo(10);
        created.forEach(id -> member.await("volumes", id, "available"));
        assertThat(member.get("/volumes").json().get("volumes")).hasSize(10);
        JsonNode limits = member.get("/limits").json().at("/limits/absolute");
        assertThat(limits.get("maxTotalVolumeGigabytes").intValue()).isEqualTo(10);
        assertThat(limits.get("totalGigabytesUsed").intValue()).isEqualTo(10);

        ApiClient.Response lowered = api.put(volumes.base() + "/os-quota-sets/" + project, admin,
                Map.of("quota_set", Map.of("gigabytes", 5)));
        assertThat(lowered.status()).as("a limit below the usage is refused").isEqualTo(400);
        ApiClient.Response reset = api.delete(volumes.base() + "/os-quota-sets/" + project, admin);
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.text()).as("Cinder answers no body").isEmpty();
        created.forEach(id -> assertThat(member.delete("/volumes/" + id).status()).isEqualTo(202));
        assertThat(member.inUse("gigabytes")).isZero();
    }

    @Test
    void quotaSetsShowDefaultsAndPerTypeKeys() {
        JsonNode quota = volumes.get("/os-quota-sets/" + adminProject).json().get("quota_set");
        assertThat(quota.get("id").stringValue()).isEqualTo(adminProject);
        assertThat(quota.get("volumes").intValue()).isEqualTo(10);
        assertThat(quota.get("snapshots").intValue()).isEqualTo(10);
        assertThat(quota.get("gigabytes").intValue()).isEqualTo(1000);
        assertThat(quota.get("per_volume_gigabytes").intValue()).isEqualTo(-1);
        assertThat(quota.get("gigabytes___DEFAULT__").intValue()).isEqualTo(-1);
        JsonNode usage = volumes.get("/os-quota-sets/" + adminProject + "?usage=true").json().get("quota_set");
        assertThat(usage.at("/volumes/limit").intValue()).isEqualTo(10);
        assertThat(usage.at("/volumes/reserved").intValue()).isZero();
        assertThat(volumes.get("/os-quota-sets/" + adminProject + "/defaults").json().at("/quota_set/volumes")
                .intValue()).isEqualTo(10);
        ApiClient.Response bad = api.put(volumes.base() + "/os-quota-sets/" + adminProject, admin,
                Map.of("quota_set", Map.of("bananas", 3)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/badRequest/message").stringValue()).contains("Bad key(s) in quota set: bananas");
    }

    @Test
    void wrongStateActionsAreRefusedAndTheAttachFlowIsEnforced() {
        String id = volumes.volume(Map.of("size", 1, "name", unique("attach")));
        assertThat(volumes.action(id, "os-reserve", null).status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("attaching");
        ApiClient.Response again = volumes.action(id, "os-reserve", null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().at("/badRequest/message").stringValue())
                .isEqualTo("Invalid volume: Volume status must be available to reserve, but the status is attaching.");

        JsonNode connection = volumes.action(id, "os-initialize_connection", Map.of("connector",
                Map.of("host", "compute-1", "initiator", "iqn.test"))).json().get("connection_info");
        assertThat(connection.get("driver_volume_type").stringValue()).isEqualTo("file");
        assertThat(connection.at("/data/path").stringValue()).isEqualTo(volumes.volumeFile(id).toString());
        assertThat(connection.at("/data/format").stringValue()).isEqualTo("qcow2");

        assertThat(volumes.action(id, "os-attach", Map.of("instance_uuid", "11111111-2222-3333-4444-555555555555",
                "mountpoint", "/dev/vdb")).status()).isEqualTo(202);
        JsonNode attached = volumes.get("/volumes/" + id).json().get("volume");
        assertThat(attached.get("status").stringValue()).isEqualTo("in-use");
        assertThat(attached.at("/attachments/0/server_id").stringValue())
                .isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(attached.at("/attachments/0/device").stringValue()).isEqualTo("/dev/vdb");

        ApiClient.Response extend = volumes.action(id, "os-extend", Map.of("new_size", 2));
        assertThat(extend.status()).isEqualTo(400);
        assertThat(extend.json().at("/badRequest/message").stringValue())
                .isEqualTo("Invalid volume: Volume " + id + " status must be 'available' to extend, currently in-use.");
        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(400);
        assertThat(api.send("DELETE", volumes.base() + "/volumes/" + id + "?force=true", admin, null,
                Map.of("OpenStack-API-Version", "volume 3.23")).status()).as("attached volumes are never deleted")
                .isEqualTo(400);
        ApiClient.Response snapshot = volumes.post("/snapshots", Map.of("snapshot", Map.of("volume_id", id)));
        assertThat(snapshot.status()).isEqualTo(400);
        assertThat(snapshot.json().at("/badRequest/message").stringValue()).contains("must be available");
        String forced = volumes.snapshot(id, true);

        assertThat(volumes.action(id, "os-begin_detaching", null).status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("detaching");
        assertThat(volumes.action(id, "os-roll_detaching", null).status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("in-use");
        assertThat(volumes.action(id, "os-begin_detaching", null).status()).isEqualTo(202);
        assertThat(volumes.action(id, "os-detach", Map.of()).status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("available");
        assertThat(volumes.get("/volumes/" + id).json().at("/volume/attachments")).isEmpty();
        assertThat(volumes.action(id, "os-frobnicate", null).json().at("/badRequest/message").stringValue())
                .isEqualTo("There is no such action: os-frobnicate");

        assertThat(volumes.delete("/snapshots/" + forced).status()).isEqualTo(202);
        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(202);
    }

    @Test
    void legacyAttachWithoutReserveMaintenanceAndImageMetadataActionsWorkAsInCinder() {
        String id = volumes.volume(Map.of("size", 1, "name", unique("legacy")));
        assertThat(volumes.action(id, "os-attach", Map.of("instance_uuid", "11111111-2222-3333-4444-666666666666",
                "mountpoint", "/dev/vdc")).status()).as("os-attach straight from available").isEqualTo(202);
        assertThat(status(id)).isEqualTo("in-use");
        assertThat(volumes.action(id, "os-attach", Map.of("instance_uuid", "11111111-2222-3333-4444-777777777777",
                "mountpoint", "/dev/vdd")).status()).as("already attached").isEqualTo(400);
        assertThat(volumes.action(id, "os-detach", Map.of()).status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("available");

        ApiClient.Response set = volumes.action(id, "os-set_image_metadata", Map.of("metadata",
                Map.of("hw_disk_bus", "scsi", "os_distro", "debian")));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json().at("/metadata/hw_disk_bus").stringValue()).isEqualTo("scsi");
        assertThat(volumes.action(id, "os-unset_image_metadata", Map.of("key", "os_distro")).status())
                .isEqualTo(200);
        assertThat(volumes.action(id, "os-unset_image_metadata", Map.of("key", "os_distro")).status())
                .isEqualTo(404);
        JsonNode shown = volumes.action(id, "os-show_image_metadata", null).json().get("metadata");
        assertThat(shown.propertyNames()).containsExactly("hw_disk_bus");
        assertThat(volumes.get("/volumes/" + id).json().at("/volume/volume_image_metadata/hw_disk_bus")
                .stringValue()).isEqualTo("scsi");

        assertThat(volumes.action(id, "os-reset_status", Map.of("status", "maintenance")).status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("maintenance");
        assertThat(volumes.action(id, "os-extend", Map.of("new_size", 2)).status()).isEqualTo(400);
        assertThat(volumes.action(id, "os-reserve", null).status()).isEqualTo(400);
        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(400);
        assertThat(volumes.action(id, "os-reset_status", Map.of("status", "available")).status()).isEqualTo(202);
        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(202);
    }

    @Test
    void attachmentsApiReservesConnectsCompletesAndDeletes() {
        String id = volumes.volume(Map.of("size", 1, "name", unique("attachment")));
        Map<String, String> v344 = Map.of("OpenStack-API-Version", "volume 3.44");
        assertThat(volumes.post("/attachments", Map.of("attachment", Map.of("volume_uuid", id))).status())
                .as("attachments need microversion 3.27").isEqualTo(404);

        ApiClient.Response created = api.send("POST", volumes.base() + "/attachments", admin, Map.of("attachment",
                Map.of("volume_uuid", id, "instance_uuid", "99999999-2222-3333-4444-555555555555")), v344);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.header("OpenStack-API-Version")).isEqualTo("volume 3.44");
        String attachment = created.json().at("/attachment/id").stringValue();
        assertThat(created.json().at("/attachment/status").stringValue()).isEqualTo("reserved");
        assertThat(status(id)).isEqualTo("reserved");

        ApiClient.Response updated = api.send("PUT", volumes.base() + "/attachments/" + attachment, admin,
                Map.of("attachment", Map.of("connector", Map.of("host", "compute-1", "mountpoint", "/dev/vdc",
                        "mode", "rw"))), v344);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().at("/attachment/connection_info/data/path").stringValue())
                .isEqualTo(volumes.volumeFile(id).toString());
        assertThat(status(id)).isEqualTo("attaching");

        assertThat(api.send("POST", volumes.base() + "/attachments/" + attachment + "/action", admin,
                Map.of("os-complete", Map.of()), v344).status()).isEqualTo(204);
        JsonNode volume = volumes.get("/volumes/" + id).json().get("volume");
        assertThat(volume.get("status").stringValue()).isEqualTo("in-use");
        assertThat(volume.at("/attachments/0/attachment_id").stringValue()).isEqualTo(attachment);
        assertThat(volume.at("/attachments/0/host_name").stringValue()).isEqualTo("compute-1");

        ApiClient.Response deleted = api.send("DELETE", volumes.base() + "/attachments/" + attachment, admin, null,
                v344);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("attachments")).isEmpty();
        assertThat(status(id)).isEqualTo("available");
        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(202);
    }

    @Test
    void typesMapToBackendsAndOnlyAdminsManageThem() {
        JsonNode defaultType = volumes.get("/types/default").json().get("volume_type");
        assertThat(defaultType.get("name").stringValue()).isEqualTo("__DEFAULT__");
        String name = unique("local-type");
        ApiClient.Response created = volumes.post("/types", Map.of("volume_type", Map.of("name", name,
                "extra_specs", Map.of("volume_backend_name", "local"))));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String typeId = created.json().at("/volume_type/id").stringValue();
        assertThat(created.json().get("volume_type").has("qos_specs_id")).as("Cinder's create answer").isFalse();
        assertThat(volumes.get("/types/" + typeId).json().get("volume_type").has("qos_specs_id")).isTrue();
        ApiClient.Response renamed = api.put(volumes.base() + "/types/" + typeId, admin,
                Map.of("volume_type", Map.of("description", "local disks")));
        assertThat(renamed.json().get("volume_type").propertyNames()).as("Cinder's update answer")
                .doesNotContain("qos_specs_id", "os-volume-type-access:is_public");
        assertThat(volumes.post("/types", Map.of("volume_type", Map.of("name", name))).status()).isEqualTo(409);
        assertThat(volumes.post("/types", Map.of("volume_type", Map.of("name", unique("ceph"),
                "extra_specs", Map.of("volume_backend_name", "ceph")))).status()).isEqualTo(400);

        String id = volumes.volume(Map.of("size", 1, "volume_type", name));
        assertThat(volumes.get("/volumes/" + id).json().at("/volume/volume_type").stringValue()).isEqualTo(name);
        assertThat(volumes.inUse("gigabytes_" + name)).isEqualTo(1);
        assertThat(volumes.delete("/types/" + typeId).status()).as("a type in use stays").isEqualTo(400);
        assertThat(volumes.delete("/types/" + defaultType.get("id").stringValue()).status()).isEqualTo(400);

        String project = identity.project(unique("types"));
        String user = unique("types-user");
        identity.grant(project, identity.user(user, "pw-types"), "member");
        VolumeFixture member = new VolumeFixture(api, api.token(user, "pw-types", projectName(project)), project,
                dataDir());
        assertThat(member.post("/types", Map.of("volume_type", Map.of("name", unique("mine")))).status())
                .isEqualTo(403);
        JsonNode seen = member.get("/types/" + typeId).json().get("volume_type");
        assertThat(seen.get("extra_specs").has("volume_backend_name")).as("backend names are for admins").isFalse();
        assertThat(member.get("/types").json().get("volume_types").toString()).contains(name);

        assertThat(volumes.delete("/volumes/" + id).status()).isEqualTo(202);
        assertThat(volumes.delete("/types/" + typeId).status()).isEqualTo(202);
        assertThat(volumes.get("/types/" + typeId).status()).isEqualTo(404);
    }

    @Test
    void inputAndMicroversionsAreValidated() {
        ApiClient.Response noSize = volumes.post("/volumes", Map.of("volume", Map.of("name", "x")));
        assertThat(noSize.status()).isEqualTo(400);
        assertThat(noSize.json().at("/badRequest/message").stringValue()).contains("Invalid volume size");
        ApiClient.Response zone = volumes.post("/volumes", Map.of("volume", Map.of("size", 1,
                "availability_zone", "mars")));
        assertThat(zone.json().at("/badRequest/message").stringValue())
                .isEqualTo("Invalid input received: Availability zone 'mars' is invalid.");
        assertThat(volumes.get("/os-availability-zone").json().at("/availabilityZoneInfo/0/zoneName").stringValue())
                .isEqualTo("nova");
        assertThat(volumes.post("/volumes", "{not json").status()).isEqualTo(400);
        assertThat(api.send("GET", volumes.base() + "/volumes", admin, null,
                Map.of("OpenStack-API-Version", "volume 3.61")).status()).isEqualTo(406);
        assertThat(volumes.get("/volumes").header("OpenStack-API-Version")).isEqualTo("volume 3.0");
        assertThat(api.get(volumes.base() + "/volumes", null).status()).isEqualTo(401);
        assertThat(volumes.get("/scheduler-stats/get_pools?detail=true").json()
                .at("/pools/0/capabilities/volume_backend_name").stringValue()).isEqualTo("local");
        assertThat(volumes.get("/volumes/" + "00000000-0000-0000-0000-000000000000").json().has("itemNotFound"))
                .isTrue();
    }

    @Test
    void adminResetsStatusAndForceDeletes() {
        String id = volumes.volume(Map.of("size", 1, "name", unique("reset")));
        assertThat(volumes.action(id, "os-reset_status", Map.of("status", "error")).status()).isEqualTo(202);
        assertThat(status(id)).isEqualTo("error");
        assertThat(volumes.action(id, "os-reset_status", Map.of("status", "bogus")).status()).isEqualTo(400);
        assertThat(volumes.action(id, "os-reset_status", Map.of("status", "extending")).status()).isEqualTo(202);
        assertThat(volumes.delete("/volumes/" + id).status()).as("extending is not deletable").isEqualTo(400);
        assertThat(volumes.action(id, "os-force_delete", Map.of()).status()).isEqualTo(202);
        assertThat(volumes.get("/volumes/" + id).status()).isEqualTo(404);
        assertThat(volumes.volumeFile(id)).doesNotExist();
    }

    private String status(String volumeId) {
        return volumes.get("/volumes/" + volumeId).json().at("/volume/status").stringValue();
    }

    private String projectOf(String token) {
        return api.get("/lightcloud/v1/session", token).json().at("/session/project_id").stringValue();
    }

    private String projectName(String projectId) {
        return api.get("/identity/v3/projects/" + projectId, admin).json().at("/project/name").stringValue();
    }

    private AuthContext adminContext() {
        return new AuthContext("admin", "admin", "default", adminProject, "admin", "default", null,
                Set.of("admin", "member", "reader"), "test-audit", null, Instant.now().plusSeconds(600));
    }
}
