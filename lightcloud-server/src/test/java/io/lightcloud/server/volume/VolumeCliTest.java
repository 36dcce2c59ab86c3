package io.lightcloud.server.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ImageFixture;
import io.lightcloud.server.testing.OpenstackCli;
import io.lightcloud.server.testing.ServerTestBase;
import io.lightcloud.server.testing.VolumeFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The volume acceptance run of issue 3 with the real openstack CLI. {@code openstack volume create} builds an image
 * client first and fails without an {@code image} endpoint in the catalog, and {@code openstack quota show} a
 * compute client, so those parts run once the image and compute services are part of the server.
 */
class VolumeCliTest extends ServerTestBase {
    private static final int PATTERN = 0x5a;

    @Autowired
    private ImageRegistry imageRegistry;

    @Test
    void openstackCliTransfersAVolumeToAnotherProject() {
        OpenstackCli giver = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        String giverProject = giver.json("token", "issue").get("project_id").stringValue();
        String volume = new VolumeFixture(api(), adminToken(), giverProject, dataDir())
                .volume(Map.of("size", 1, "name", unique("cli-transferred")));
        IdentityFixture identity = new IdentityFixture(api(), adminToken());
        String receiverName = unique("cli-receiver");
        String receiverProject = identity.project(receiverName);
        identity.grant(receiverProject, identity.user(receiverName + "-user", "pw-receiver"), "member");
        OpenstackCli receiver = OpenstackCli.forUser(api().baseUrl(), receiverName + "-user", "pw-receiver",
                receiverName);

        JsonNode request = giver.json("volume", "transfer", "request", "create", "--name", "cli-offer", volume);
        String transfer = request.get("id").stringValue();
        assertThat(column(giver.json("volume", "transfer", "request", "list"), "ID")).contains(transfer);
        receiver.ok("volume", "transfer", "request", "accept", "--auth-key", request.get("auth_key").stringValue(),
                transfer);
        JsonNode moved = receiver.json("volume", "show", volume);
        assertThat(moved.get("status").stringValue()).isEqualTo("available");
        assertThat(moved.get("os-vol-tenant-attr:tenant_id").stringValue()).isEqualTo(receiverProject);
        receiver.ok("volume", "delete", volume);
    }

    @Test
    void openstackCliManagesVolumes() throws IOException {
        OpenstackCli cli = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        List<String> catalog = column(cli.json("catalog", "list"), "Type");
        assertThat(catalog).contains("volumev3", "block-storage");
        assertThat(column(cli.json("volume", "type", "list"), "Name")).contains("__DEFAULT__");
        String project = cli.json("token", "issue").get("project_id").stringValue();
        JsonNode quota = cinder("quota-show", project);
        assertThat(quota.toString()).contains("gigabytes");
        if (catalog.contains("compute")) {
            JsonNode shown = cli.json("quota", "show");
            assertThat(shown.get("volumes").intValue()).isEqualTo(10);
            assertThat(shown.get("gigabytes").intValue()).isEqualTo(1000);
        }
        assumeTrue(catalog.contains("image"), "openstack volume create needs an image endpoint in the catalog");

        VolumeFixture volumes = new VolumeFixture(api(), adminToken(), project, dataDir());
        String blank = unique("cli-blank");
        String blankId = cli.json("volume", "create", "--size", "1", blank).get("id").stringValue();
        volumes.await("volumes", blankId, "available");
        QemuFiles.writePattern(volumes.volumeFile(blankId), "qcow2", PATTERN, "1M");

        Path imageFile = Files.createTempFile(dataDir(), "cli-image-", ".qcow2");
        QemuFiles.create(imageFile, "qcow2", "32M");
        QemuFiles.writePattern(imageFile, "qcow2", PATTERN, "1M");
        String image = new ImageFixture(api(), adminToken(), imageRegistry).create(unique("cli-image"), imageFile,
                "qcow2");
        String fromImage = unique("cli-from-image");
        String fromImageId = cli.json("volume", "create", "--size", "1", "--image", image, fromImage).get("id")
                .stringValue();

        String snapshot = unique("cli-snap");
        String snapshotId = cli.json("volume", "snapshot", "create", "--volume", blank, snapshot).get("id")
                .stringValue();
        volumes.await("snapshots", snapshotId, "available");
        assertThat(column(cli.json("volume", "snapshot", "list"), "Name")).contains(snapshot);

        String fromSnapshot = unique("cli-from-snap");
        String fromSnapshotId = cli.json("volume", "create", "--snapshot", snapshot, fromSnapshot).get("id")
                .stringValue();
        String clone = unique("cli-clone");
        String cloneId = cli.json("volume", "create", "--source", blank, clone).get("id").stringValue();
        for (String id : List.of(fromImageId, fromSnapshotId, cloneId)) {
            volumes.await("volumes", id, "available");
            assertThat(QemuFiles.holdsPattern(volumes.volumeFile(id), "qcow2", PATTERN, "1M")).as(id).isTrue();
        }
        assertThat(column(cli.json("volume", "list"), "Name")).contains(blank, fromImage, fromSnapshot, clone);
        JsonNode shown = cli.json("volume", "show", fromImage);
        assertThat(shown.get("bootable").stringValue()).isEqualTo("true");
        assertThat(shown.get("type").stringValue()).isEqualTo("__DEFAULT__");

        cli.ok("volume", "set", "--size", "2", blank);
        assertThat(cli.json("volume", "show", blank).get("size").intValue()).isEqualTo(2);
        assertThat(QemuFiles.virtualSize(volumes.volumeFile(blankId), "qcow2")).isEqualTo(2L << 30);

        OpenstackCli.Result refused = cli.run("volume", "delete", blank);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Invalid volume").contains("(HTTP 400)");
        cli.ok("volume", "snapshot", "delete", snapshot);
        cli.ok("volume", "delete", blank, fromImage, fromSnapshot, clone);
        ApiClient.Response remaining = volumes.get("/volumes?name=" + blank);
        assertThat(remaining.json().get("volumes")).isEmpty();
        assertThat(volumes.volumeFile(blankId)).doesNotExist();
    }

    private static List<String> column(JsonNode rows, String name) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(name).stringValue()));
        return values;
    }

    /** Runs python3-cinderclient's {@code cinder}, which needs no endpoint but the volume service's. */
    private JsonNode cinder(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("cinder", "--os-auth-url", api().baseUrl() + "/identity/v3",
                "--os-username", "admin", "--os-password", ADMIN_PASSWORD, "--os-project-name", "admin",
                "--os-user-domain-name", "Default", "--os-project-domain-name", "Default"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(process.exitValue()).as(output).isZero();
        return tableToJson(output);
    }

    /** cinderclient prints tables only; the property rows become a JSON object for assertions. */
    private static JsonNode tableToJson(String table) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && !cells[1].isBlank() && !cells[1].trim().equals("Property")) {
                node.put(cells[1].trim(), cells[2].trim());
            }
        }
        return node;
    }
}
