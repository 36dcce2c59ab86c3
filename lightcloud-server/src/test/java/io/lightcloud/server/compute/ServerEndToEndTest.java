package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.OpenstackCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * End to end with real VMs: the controller runs its host's agent in-process (the all-in-one mode) and boots the
 * Lightcloud test image (test-image/build.sh) through the Nova API. QEMU runs under TCG, because nested KVM fails on
 * the build machine, so every boot takes 5-10 s; the tests are few and each goes through several steps on one
 * server. Guest boots are counted by the test image's serial markers ({@code LIGHTCLOUD-MARKER ... seq=1}).
 *
 * <p>The server under test has its own short data directory (QMP socket paths limit the instances directory) and its
 * own database, so the simulated agents of the other compute tests never see this real host. Images are uploaded
 * through the Glance API.
 */
@Tag("e2e")
class ServerEndToEndTest extends LocalAgentServerTestBase {
    @Test
    void serverLifecycleWithRealVm() {
        String small = fixture.flavor(unique("e2e-small"), 1, 256, 1);
        String large = fixture.flavor(unique("e2e-large"), 1, 384, 2);
        String image = testImage(unique("e2e-image"));
        String id = fixture.createServer(admin, fixture.serverBody(unique("e2e-vm"), small, image));

        awaitServer(id, status("ACTIVE"), "ACTIVE");
        Map<String, String> first = awaitBoot(id, 1);
        assertThat(first.get("instance_id")).isEqualTo(id);
        String console = awaitConsoleOutput(id, "instance_id=" + id);
        assertThat(console).contains("LIGHTCLOUD-MARKER v=1 seq=1");

        fixture.action(admin, id, Map.of("os-stop", Map.of()), 202);
        awaitServer(id, status("SHUTOFF"), "SHUTOFF");
        assertThat(livePid(id)).as("no QEMU process while stopped").isEmpty();
        fixture.action(admin, id, Map.of("os-start", Map.of()), 202);
        awaitServer(id, status("ACTIVE"), "ACTIVE");
        awaitBoot(id, 2);

        fixture.action(admin, id, Map.of("reboot", Map.of("type", "HARD")), 202);
        awaitServer(id, status("ACTIVE").and(noTask()), "ACTIVE after the reboot");
        awaitBoot(id, 3);

        long memSmall = Long.parseLong(first.get("mem_kb"));
        fixture.action(admin, id, Map.of("resize", Map.of("flavorRef", large)), 202);
        awaitServer(id, status("VERIFY_RESIZE"), "VERIFY_RESIZE");
        fixture.action(admin, id, Map.of("confirmResize", Map.of()), 204);
        awaitServer(id, status("ACTIVE"), "ACTIVE after the resize");
        Map<String, String> resized = awaitBoot(id, 4);
        assertThat(Long.parseLong(resized.get("mem_kb"))).as("guest memory after the resize")
                .isGreaterThan(memSmall + 100 * 1024);
        assertThat(diskBytes(id)).as("root disk grown to the new flavor").isEqualTo(2L << 30);

        // QEMU killed from outside: reported within seconds; without the HA policy the server stays SHUTOFF.
        long pid = livePid(id).orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Instant killed = Instant.now();
        awaitServer(id, status("SHUTOFF"), "SHUTOFF after QEMU was killed");
        assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(10));

        // With the HA policy the controller restarts it: a fresh boot.
        ApiClient.Response meta = fixture.nova("POST", "/servers/" + id + "/metadata", admin,
                Map.of("metadata", Map.of("lightcloud:ha", "true")));
        assertThat(meta.status()).as(meta.text()).isEqualTo(200);
        fixture.action(admin, id, Map.of("os-start", Map.of()), 202);
        awaitServer(id, status("ACTIVE"), "ACTIVE");
        awaitBoot(id, 5);
        ProcessHandle.of(livePid(id).orElseThrow()).orElseThrow().destroyForcibly();
        awaitBoot(id, 6);
        awaitServer(id, status("ACTIVE").and(noTask()), "ACTIVE after the HA restart");

        // The agent stops and starts again: the VM keeps running and is re-adopted, still ACTIVE.
        long before = livePid(id).orElseThrow();
        agent.stop();
        try {
            sleepMillis(1500);
            assertThat(livePid(id)).as("the VM outlives its agent").hasValue(before);
        } finally {
            startAgent();
        }
        fixture.action(admin, id, Map.of("pause", Map.of()), 202);
        awaitServer(id, status("PAUSED"), "PAUSED after the agent restart");
        fixture.action(admin, id, Map.of("unpause", Map.of()), 202);
        awaitServer(id, status("ACTIVE"), "ACTIVE");
        assertThat(livePid(id)).as("same QEMU process after the agent restart").hasValue(before);

        OpenstackCli cli = OpenstackCli.admin(api.baseUrl(), ADMIN_PASSWORD);
        assertThat(cli.ok("console", "log", "show", id).stdout()).contains("LIGHTCLOUD-MARKER v=1")
                .contains("instance_id=" + id);

        deleteAndAwaitGone(id, before);
        assertThat(usedVcpus()).as("claims released").isZero();
    }

    @Test
    void corruptImageFailsWithReadableFaultAndLeavesNothing() throws IOException {
        String flavor = fixture.flavor(unique("e2e-bad"), 1, 128, 1);
        // Glance rejects a corrupt upload, so the image is valid when uploaded and its stored data is then
        // overwritten with random bytes of the same length: corruption at rest, found only when a host reads it.
        String image = fixture.image(unique("corrupt"));
        Path stored = fixture.storedImageFile(image);
        byte[] junk = new byte[Math.toIntExact(Files.size(stored))];
        new Random(42).nextBytes(junk);
        Files.write(stored, junk);
        String id = fixture.createServer(admin, fixture.serverBody(unique("e2e-bad"), flavor, image));

        JsonNode failed = awaitServer(id, status("ERROR"), "ERROR");
        assertThat(failed.at("/fault/message").stringValue()).startsWith("No valid host was found");
        // The agent's own message is in the action log, where the fault points to.
        assertThat(actionEvents(id)).contains(image).contains("not valid qcow2");
        assertThat(INSTANCES.resolve(id)).doesNotExist();
        assertThat(qemuProcessesOf(id)).isEmpty();

        deleteAndAwaitGone(id, -1);
    }

    @Test
    void attachedVolumeAppearsInTheRunningGuestAndGoesAwayOnDetach() {
        String flavor = fixture.flavor(unique("e2e-vol"), 1, 256, 1);
        String id = fixture.createServer(admin, fixture.serverBody(unique("e2e-vol"), flavor,
                testImage(unique("e2e-image"))));
        awaitServer(id, status("ACTIVE"), "ACTIVE");
        List<String> disksBefore = disks(awaitBoot(id, 1));
        String project = fixture.adminProjectId();
        String volume = fixture.volume(admin, project, unique("e2e-data"));

        ApiClient.Response attached = fixture.nova("POST", "/servers/" + id + "/os-volume_attachments", admin,
                Map.of("volumeAttachment", Map.of("volumeId", volume)));
        assertThat(attached.status()).as(attached.text()).isEqualTo(200);
        fixture.awaitVolume(admin, project, volume, ComputeFixture.volumeState("in-use", id), "in-use by " + id);
        // The guest prints a marker whenever its disk list changes: the 1 GiB volume is a new virtio disk.
        List<String> disksAttached = awaitDisks(id, disks -> disks.size() == disksBefore.size() + 1);
        assertThat(disksAttached).containsAll(disksBefore);
        assertThat(disksAttached).filteredOn(d -> !disksBefore.contains(d)).singleElement().asString()
                .endsWith(":" + (1L << 30) / 512);

        ApiClient.Response detached = fixture.nova("DELETE", "/servers/" + id + "/os-volume_attachments/" + volume,
                admin, null);
        assertThat(detached.status()).as(detached.text()).isEqualTo(202);
        fixture.awaitVolume(admin, project, volume, ComputeFixture.volumeState("available"), "available again");
        awaitDisks(id, disksBefore::equals);

        deleteAndAwaitGone(id, livePid(id).orElseThrow());
    }

    @Test
    void createImageOfARunningServerBootsAsANewServer() {
        String flavor = fixture.flavor(unique("e2e-snap"), 1, 256, 1);
        String id = fixture.createServer(admin, fixture.serverBody(unique("e2e-snap"), flavor,
                testImage(unique("e2e-image"))));
        awaitServer(id, status("ACTIVE"), "ACTIVE");
        awaitBoot(id, 1);

        ApiClient.Response created = fixture.nova("POST", "/servers/" + id + "/action", admin,
                Map.of("createImage", Map.of("name", unique("e2e-snapshot"))), "2.45");
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String snapshot = created.json().get("image_id").stringValue();
        JsonNode image = api.get("/image/v2/images/" + snapshot, admin).json();
        assertThat(image.get("status").stringValue()).isEqualTo("active");
        assertThat(image.get("disk_format").stringValue()).isEqualTo("qcow2");
        assertThat(image.get("image_type").stringValue()).isEqualTo("snapshot");
        JsonNode source = awaitServer(id, status("ACTIVE").and(noTask()), "ACTIVE after the snapshot");
        assertThat(source.get("OS-EXT-STS:power_state").intValue()).as("the guest runs again after the copy")
                .isEqualTo(1);

        String copy = fixture.createServer(admin, fixture.serverBody(unique("e2e-copy"), flavor, snapshot));
        awaitServer(copy, status("ACTIVE"), "ACTIVE");
        assertThat(awaitBoot(copy, 1).get("instance_id")).as("the snapshot boots as the new server")
                .isEqualTo(copy);

        deleteAndAwaitGone(copy, livePid(copy).orElseThrow());
        deleteAndAwaitGone(id, livePid(id).orElseThrow());
    }

    @Test
    void serverBootsFromAVolumeMadeFromTheImage() {
        String flavor = fixture.flavor(unique("e2e-bfv"), 1, 256, 1);
        String image = testImage(unique("e2e-image"));
        String project = fixture.adminProjectId();
        String volume = fixture.volumes(admin, project).volume(Map.of("name", unique("e2e-root"), "size", 1,
                "imageRef", image));
        Map<String, Object> body = fixture.serverBody(unique("e2e-bfv"), flavor, image);
        body.remove("imageRef");
        body.put("block_device_mapping_v2", List.of(Map.of("boot_index", 0, "uuid", volume, "source_type", "volume",
                "destination_type", "volume", "delete_on_termination", false)));
        String id = fixture.createServer(admin, body);

        awaitServer(id, status("ACTIVE"), "ACTIVE");
        Map<String, String> marker = awaitBoot(id, 1);
        assertThat(marker.get("instance_id")).isEqualTo(id);
        assertThat(fixture.server(admin, id).get("image").isString()).as("no image: Nova shows \"\"").isTrue();
        fixture.awaitVolume(admin, project, volume, ComputeFixture.volumeState("in-use", id), "in-use by " + id);
        assertThat(INSTANCES.resolve(id).resolve("disk")).as("no local root disk").doesNotExist();
        ApiClient.Response detachRoot = fixture.nova("DELETE", "/servers/" + id + "/os-volume_attachments/" + volume,
                admin, null);
        assertThat(detachRoot.status()).as(detachRoot.text()).isEqualTo(400);

        fixture.action(admin, id, Map.of("reboot", Map.of("type", "HARD")), 202);
        awaitServer(id, status("ACTIVE").and(noTask()), "ACTIVE after the reboot");
        awaitBoot(id, 2);

        deleteAndAwaitGone(id, livePid(id).orElseThrow());
        fixture.awaitVolume(admin, project, volume, ComputeFixture.volumeState("available"), "available again");
    }

    @Test
    void serverBootsFromANewVolumeTheImageIsCopiedInto() {
        String flavor = fixture.flavor(unique("e2e-bfnv"), 1, 256, 1);
        String image = testImage(unique("e2e-image"));
        String project = fixture.adminProjectId();
        int volumesBefore = volumeCount(project);
        Map<String, Object> mapping = new HashMap<>(Map.of("boot_index", 0, "uuid", image,
                "source_type", "image", "destination_type", "volume", "delete_on_termination", true));

        Map<String, Object> noSize = fixture.serverBody(unique("e2e-bfnv"), flavor, image);
        noSize.put("block_device_mapping_v2", List.of(mapping));
        ApiClient.Response refused = fixture.nova("POST", "/servers", admin, Map.of("server", noSize));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.text()).contains("non-zero size");
        mapping.put("volume_size", 1);
        Map<String, Object> unknownImage = fixture.serverBody(unique("e2e-bfnv"), flavor, image);
        unknownImage.remove("imageRef");
        unknownImage.put("block_device_mapping_v2", List.of(Map.of("boot_index", 0, "uuid",
                UUID.randomUUID().toString(), "source_type", "image", "destination_type", "volume",
                "volume_size", 1)));
        ApiClient.Response missing = fixture.nova("POST", "/servers", admin, Map.of("server", unknownImage));
        assertThat(missing.status()).as(missing.text()).isEqualTo(400);
        assertThat(volumeCount(project)).as("no volume left by the refused requests").isEqualTo(volumesBefore);

        Map<String, Object> body = fixture.serverBody(unique("e2e-bfnv"), flavor, image);
        body.put("imageRef", "");
        body.put("block_device_mapping_v2", List.of(mapping));
        String id = fixture.createServer(admin, body);
        awaitServer(id, status("ACTIVE"), "ACTIVE");
        assertThat(awaitBoot(id, 1).get("instance_id")).isEqualTo(id);
        JsonNode server = fixture.server(admin, id);
        assertThat(server.get("image").isString()).as("no image: the root is a volume").isTrue();
        JsonNode attached = server.get("os-extended-volumes:volumes_attached");
        assertThat(attached).hasSize(1);
        assertThat(attached.get(0).get("delete_on_termination").booleanValue()).isTrue();
        String volume = attached.get(0).get("id").stringValue();
        JsonNode root = fixture.awaitVolume(admin, project, volume, ComputeFixture.volumeState("in-use", id),
                "in-use by " + id);
        assertThat(root.get("bootable").stringValue()).isEqualTo("true");
        assertThat(root.get("size").intValue()).isEqualTo(1);
        assertThat(INSTANCES.resolve(id).resolve("disk")).as("no local root disk").doesNotExist();

        // A snapshot of the volume-backed server is a volume snapshot and an image that names it, as in Nova; the
        // image boots as a new server on a new volume made from that snapshot.
        ApiClient.Response snapshotted = fixture.nova("POST", "/servers/" + id + "/action", admin,
                Map.of("createImage", Map.of("name", unique("e2e-volume-snapshot"))), "2.45");
        assertThat(snapshotted.status()).as(snapshotted.text()).isEqualTo(202);
        String snapshotImage = snapshotted.json().get("image_id").stringValue();
        JsonNode snapshotView = api.get("/image/v2/images/" + snapshotImage, admin).json();
        assertThat(snapshotView.get("status").stringValue()).isEqualTo("active");
        assertThat(snapshotView.get("size").longValue()).as("the data is in the volume snapshot").isZero();
        assertThat(snapshotView.get("bdm_v2").stringValue()).isEqualTo("True");
        JsonNode bootMapping = ComputeFixture.json(snapshotView.get("block_device_mapping").stringValue()).get(0);
        assertThat(bootMapping.get("source_type").stringValue()).isEqualTo("snapshot");
        String volumeSnapshot = bootMapping.get("snapshot_id").stringValue();
        fixture.awaitVolumeSnapshot(admin, project, volumeSnapshot, "available");
        awaitServer(id, status("ACTIVE").and(noTask()), "ACTIVE after the snapshot");

        String copy = fixture.createServer(admin, fixture.serverBody(unique("e2e-volume-copy"), flavor, snapshotImage));
        awaitServer(copy, status("ACTIVE"), "ACTIVE from the snapshot image");
        assertThat(awaitBoot(copy, 1).get("instance_id")).as("the snapshot boots as the new server").isEqualTo(copy);
        String copyVolume = fixture.server(admin, copy).at("/os-extended-volumes:volumes_attached/0/id").stringValue();
        assertThat(copyVolume).isNotEqualTo(volume);
        assertThat(fixture.volumeView(admin, project, copyVolume).get("snapshot_id").stringValue())
                .isEqualTo(volumeSnapshot);

        deleteAndAwaitGone(copy, livePid(copy).orElseThrow());
        deleteAndAwaitGone(id, livePid(id).orElseThrow());
        fixture.awaitVolumeGone(admin, project, copyVolume);
        // As in Cinder, a volume with snapshots is not deleted: the first boot volume outlives its server until the
        // snapshot is gone.
        fixture.awaitVolume(admin, project, volume, ComputeFixture.volumeState("available"), "available, kept");
        assertThat(api.delete("/image/v2/images/" + snapshotImage, admin).status()).isEqualTo(204);
        assertThat(fixture.volumes(admin, project).delete("/snapshots/" + volumeSnapshot).status()).isEqualTo(202);
        Instant deadline = Instant.now().plusSeconds(30);
        while (fixture.volumes(admin, project).get("/snapshots/" + volumeSnapshot).status() != 404) {
            assertThat(Instant.now()).as("snapshot deleted").isBefore(deadline);
            sleepMillis(200);
        }
        assertThat(fixture.volumes(admin, project).delete("/volumes/" + volume).status()).isEqualTo(202);
        fixture.awaitVolumeGone(admin, project, volume);
        assertThat(volumeCount(project)).isEqualTo(volumesBefore);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private int volumeCount(String project) {
        ApiClient.Response listed = fixture.volumes(admin, project).get("/volumes");
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        return listed.json().get("volumes").size();
    }

    private void startAgent() {
        try {
            agent.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteAndAwaitGone(String id, long pid) {
        ApiClient.Response deleted = fixture.nova("DELETE", "/servers/" + id, admin, null);
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
        Instant deadline = Instant.now().plusSeconds(60);
        while (fixture.nova("GET", "/servers/" + id, admin, null).status() != 404) {
            assertThat(Instant.now()).as("server " + id + " deleted").isBefore(deadline);
            sleepMillis(200);
        }
        // The API forgets the server first; the agent destroys the VM on its next desired state.
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || Files.exists(INSTANCES.resolve(id))) {
            assertThat(Instant.now()).as("VM of server " + id + " destroyed").isBefore(deadline);
            sleepMillis(200);
        }
        assertThat(qemuProcessesOf(id)).as("no QEMU process of the server").isEmpty();
        assertThat(INSTANCES.resolve(id)).as("no disk, config drive, socket or pid file").doesNotExist();
        assertThat(INSTANCES.resolve("_agent/applied/" + id + ".json")).doesNotExist();
    }

    /** Every event of the server's actions, with the admin's details and tracebacks, as one text. */
    private String actionEvents(String id) {
        StringBuilder text = new StringBuilder();
        JsonNode actions = fixture.nova("GET", "/servers/" + id + "/os-instance-actions", admin, null, "2.84").json()
                .get("instanceActions");
        for (JsonNode action : actions) {
            text.append(fixture.nova("GET", "/servers/" + id + "/os-instance-actions/"
                    + action.get("request_id").stringValue(), admin, null, "2.84").text());
        }
        return text.toString();
    }

    private long usedVcpus() {
        JsonNode hypervisors = fixture.nova("GET", "/os-hypervisors/detail", admin, null, "2.53").json()
                .get("hypervisors");
        long used = 0;
        for (JsonNode h : hypervisors) {
            used += h.get("vcpus_used").asLong();
        }
        return used;
    }

    private static List<String> disks(Map<String, String> marker) {
        return List.of(marker.get("disks").split(","));
    }

    /** Waits for a guest marker whose disk list matches and answers that list. */
    private List<String> awaitDisks(String id, Predicate<List<String>> condition) {
        Instant deadline = Instant.now().plus(BOOT);
        List<String> last = List.of();
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, String>> markers = markers(consoleFile(id));
            if (!markers.isEmpty()) {
                last = disks(markers.get(markers.size() - 1));
                if (condition.test(last)) {
                    return last;
                }
            }
            sleepMillis(250);
        }
        throw new AssertionError("guest of server " + id + " never showed the expected disks; last: " + last);
    }

    private static Predicate<JsonNode> noTask() {
        return server -> server.path("OS-EXT-STS:task_state").isNull();
    }

    private String awaitConsoleOutput(String id, String text) {
        Instant deadline = Instant.now().plus(BOOT);
        String output = "";
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response response = fixture.nova("POST", "/servers/" + id + "/action", admin,
                    Map.of("os-getConsoleOutput", Map.of()));
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            output = response.json().get("output").stringValue();
            if (output.contains(text)) {
                return output;
            }
            sleepMillis(500);
        }
        throw new AssertionError("console output of " + id + " never showed " + text + "; last: " + output);
    }

    private static long diskBytes(String id) {
        try {
            Process info = new ProcessBuilder("qemu-img", "info", "-U", "--output=json",
                    INSTANCES.resolve(id).resolve("disk").toString()).start();
            String json = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            info.waitFor();
            return tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).get("virtual-size")
                    .asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** QEMU processes whose command line names the server's directory. */
    private static List<Long> qemuProcessesOf(String id) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("qemu-system") && c.contains(id))
                        .orElse(false))
                .map(ProcessHandle::pid).toList();
    }

}
