package io.lightcloud.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.process.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds config drives with genisoimage and reads them back with isoinfo (both from the genisoimage package). */
class ConfigDriveBuilderTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final ProcessRunner runner = new ProcessRunner();

    @TempDir
    Path dir;

    @Test
    void novaLayoutWithLabelConfig2() throws Exception {
        byte[] userData = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("zeta", "ssh-ed25519 AAAAzeta zeta");
        keys.put("alpha", "ssh-ed25519 AAAAalpha alpha");
        InstanceMetadata metadata = new InstanceMetadata("web-1", "project-1", "nova", 1, Map.of("role", "web"),
                keys, Base64.getEncoder().encodeToString(userData),
                MAPPER.readTree("{\"links\": [{\"id\": \"tap0\"}], \"networks\": [], \"services\": []}"), null);
        InstanceSpec base = Specs.spec(List.of(), List.of());
        InstanceSpec spec = new InstanceSpec(base.instanceId(), base.name(), 1, 256, 1, base.image(), metadata, true,
                List.of(), List.of());
        Path iso = dir.resolve("config.iso");

        new ConfigDriveBuilder(QemuDriverConfig.defaults(dir), runner, MAPPER).build(spec, iso);

        assertThat(isoinfo("-d", "-i", iso.toString())).contains("Volume id: config-2");
        assertThat(isoinfo("-R", "-f", "-i", iso.toString()).lines()).contains(
                "/openstack/latest/meta_data.json", "/openstack/latest/user_data",
                "/openstack/latest/network_data.json", "/openstack/latest/vendor_data.json",
                "/openstack/2012-08-10/meta_data.json", "/openstack/2012-08-10/user_data",
                "/openstack/2012-08-10/network_data.json", "/openstack/2012-08-10/vendor_data.json");
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));

        JsonNode md = MAPPER.readTree(file(iso, "/openstack/latest/meta_data.json"));
        assertThat(md.get("uuid").asString()).isEqualTo(Specs.INSTANCE_ID);
        assertThat(md.get("name").asString()).isEqualTo("web, 1");
        assertThat(md.get("hostname").asString()).isEqualTo("web-1");
        assertThat(md.get("launch_index").asInt()).isEqualTo(1);
        assertThat(md.get("availability_zone").asString()).isEqualTo("nova");
        assertThat(md.get("project_id").asString()).isEqualTo("project-1");
        assertThat(md.get("meta").get("role").asString()).isEqualTo("web");
        assertThat(md.get("public_keys").get("alpha").asString()).isEqualTo("ssh-ed25519 AAAAalpha alpha");
        assertThat(md.get("keys").get(0).get("name").asString()).isEqualTo("zeta");
        assertThat(md.get("keys").get(1).get("data").asString()).isEqualTo("ssh-ed25519 AAAAalpha alpha");
        assertThat(Base64.getDecoder().decode(md.get("random_seed").asString())).hasSize(512);
        assertThat(file(iso, "/openstack/latest/user_data")).isEqualTo(userData);
        assertThat(MAPPER.readTree(file(iso, "/openstack/latest/network_data.json")).get("links").get(0)
                .get("id").asString()).isEqualTo("tap0");
        assertThat(MAPPER.readTree(file(iso, "/openstack/latest/vendor_data.json")).isEmpty()).isTrue();
    }

    @Test
    void noUserDataAndEmptyNetworkData() throws Exception {
        Path iso = dir.resolve("config.iso");

        new ConfigDriveBuilder(QemuDriverConfig.defaults(dir), runner, MAPPER)
                .build(Specs.spec(List.of(), List.of()), iso);

        assertThat(isoinfo("-R", "-f", "-i", iso.toString()).lines())
                .doesNotContain("/openstack/latest/user_data");
        JsonNode network = MAPPER.readTree(file(iso, "/openstack/2012-08-10/network_data.json"));
        assertThat(network.toString()).isEqualTo("{\"links\":[],\"networks\":[],\"services\":[]}");
        JsonNode md = MAPPER.readTree(file(iso, "/openstack/latest/meta_data.json"));
        assertThat(md.has("public_keys")).isFalse();
        assertThat(md.has("project_id")).isFalse();
    }

    private String isoinfo(String... args) {
        List<String> argv = new ArrayList<>(List.of("isoinfo"));
        argv.addAll(List.of(args));
        return runner.run(argv, Duration.ofSeconds(10)).stdout();
    }

    private byte[] file(Path iso, String path) throws Exception {
        Path out = dir.resolve("extracted");
        runner.run(List.of("sh", "-c", "isoinfo -R -i \"$1\" -x \"$2\" > \"$3\"", "sh", iso.toString(), path,
                out.toString()), Duration.ofSeconds(10));
        byte[] bytes = Files.readAllBytes(out);
        Files.delete(out);
        return bytes;
    }
}
