package io.lightcloud.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.OpenstackCli;
import io.lightcloud.server.testing.ServerTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The acceptance run of issue 3 for images: the real openstack CLI uploads, shares, changes and deletes images. */
class ImageCliTest extends ServerTestBase {
    @TempDir
    Path files;

    /** The openstack CLI has no metadefs commands; glanceclient's validate requests against the served schemas. */
    @Test
    void glanceCliManagesTheMetadefsCatalog() {
        OpenstackCli cli = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        String namespace = unique("cli-ns");
        glance(cli, "md-namespace-create", namespace, "--visibility", "public", "--display-name", "CLI namespace");
        glance(cli, "md-property-create", namespace, "--name", "cpu_mode", "--title", "CPU mode", "--schema",
                "{\"type\": \"string\", \"enum\": [\"host-model\", \"host-passthrough\"]}");
        glance(cli, "md-object-create", namespace, "--name", "Pinning", "--schema",
                "{\"properties\": {\"threads\": {\"title\": \"Threads\", \"type\": \"integer\"}}}");
        glance(cli, "md-resource-type-associate", namespace, "--name", "OS::Nova::Flavor", "--prefix", "hw:");
        glance(cli, "md-tag-create-multiple", namespace, "--names", "fast,pinned");
        String shown = glance(cli, "md-namespace-show", namespace);
        assertThat(shown).contains("cpu_mode", "Pinning", "OS::Nova::Flavor", "fast", "pinned");
        glance(cli, "md-namespace-update", namespace, "--protected", "True");
        OpenstackCli.Result refused = cli.runProgram("glance", "md-namespace-delete", namespace);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr() + refused.stdout()).contains("protected");
        glance(cli, "md-namespace-update", namespace, "--protected", "False");
        glance(cli, "md-namespace-delete", namespace);
        assertThat(glance(cli, "md-namespace-list")).doesNotContain(namespace);
    }

    private static String glance(OpenstackCli cli, String... args) {
        OpenstackCli.Result result = cli.runProgram("glance", args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.stderr() + result.stdout()).isZero();
        return result.stdout();
    }

    @Test
    void openstackCliManagesImages() throws Exception {
        OpenstackCli cli = OpenstackCli.admin(api().baseUrl(), ADMIN_PASSWORD);
        Path qcow2 = TestImages.qcow2(files, "cli.qcow2", "32M");
        String name = unique("cli-image");

        JsonNode created = cli.json("image", "create", "--file", qcow2.toString(), "--disk-format", "qcow2",
                "--container-format", "bare", "--property", "os_distro=lightcloud", name);
        String id = created.get("id").stringValue();
        assertThat(names(cli.json("image", "list"))).contains(name);
        JsonNode shown = cli.json("image", "show", name);
        assertThat(shown.get("status").stringValue()).isEqualTo("active");
        assertThat(shown.get("checksum").stringValue()).isEqualTo(TestImages.digest("MD5", qcow2));
        assertThat(shown.get("size").longValue()).isEqualTo(Files.size(qcow2));
        assertThat(shown.get("virtual_size").longValue()).isEqualTo(32L << 20);

        Path saved = files.resolve("saved.qcow2");
        cli.ok("image", "save", "--file", saved.toString(), name);
        assertThat(Files.readAllBytes(saved)).isEqualTo(Files.readAllBytes(qcow2));

        cli.ok("image", "set", "--property", "hw_disk_bus=scsi", "--tag", "first", "--tag", "second", name);
        JsonNode changed = cli.json("image", "show", name);
        assertThat(changed.get("properties").get("hw_disk_bus").stringValue()).isEqualTo("scsi");
        assertThat(changed.get("properties").get("os_distro").stringValue()).isEqualTo("lightcloud");
        assertThat(strings(changed.get("tags"))).containsExactlyInAnyOrder("first", "second");
        cli.ok("image", "set", "--tag", "third", name);
        assertThat(strings(cli.json("image", "show", name).get("tags")))
                .containsExactlyInAnyOrder("first", "second", "third");
        cli.ok("image", "unset", "--tag", "first", "--property", "hw_disk_bus", name);
        JsonNode unset = cli.json("image", "show", name);
        assertThat(strings(unset.get("tags"))).containsExactlyInAnyOrder("second", "third");
        assertThat(unset.get("properties").has("hw_disk_bus")).isFalse();

        cli.ok("image", "set", "--deactivate", name);
        assertThat(cli.json("image", "show", name).get("status").stringValue()).isEqualTo("deactivated");
        cli.ok("image", "set", "--activate", name);
        assertThat(cli.json("image", "show", name).get("status").stringValue()).isEqualTo("active");

        IdentityFixture identity = new IdentityFixture(api(), adminToken());
        String project = unique("cli-member");
        String projectId = identity.project(project);
        String user = unique("cli-member-user");
        identity.grant(projectId, identity.user(user, "member-password"), "member");
        OpenstackCli member = OpenstackCli.forUser(api().baseUrl(), user, "member-password", project);

        JsonNode share = cli.json("image", "add", "project", name, project);
        assertThat(share.get("status").stringValue()).isEqualTo("pending");
        assertThat(names(member.json("image", "list"))).doesNotContain(name);
        member.ok("image", "set", "--accept", id);
        assertThat(names(member.json("image", "list"))).contains(name);
        Path fromMember = files.resolve("member.qcow2");
        member.ok("image", "save", "--file", fromMember.toString(), id);
        assertThat(Files.readAllBytes(fromMember)).isEqualTo(Files.readAllBytes(qcow2));
        assertThat(member.run("image", "delete", id).exitCode()).as("a member may not delete").isNotZero();

        cli.ok("image", "delete", name);
        assertThat(names(cli.json("image", "list"))).doesNotContain(name);
        assertThat(cli.run("image", "show", id).exitCode()).isNotZero();
        assertThat(dataDir().resolve("images").resolve(id)).doesNotExist();
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(row -> names.add(row.get("Name").stringValue()));
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.stringValue()));
        return values;
    }
}
