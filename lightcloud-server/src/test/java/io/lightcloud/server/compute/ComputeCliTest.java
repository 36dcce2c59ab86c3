package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.image.ImageRegistry;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.OpenstackCli;
import io.lightcloud.server.testing.ServerTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance run of issue 4 for what works without real VMs: the real {@code openstack} CLI manages flavors,
 * key pairs, server groups, quotas and limits, servers (a {@link SimulatedAgent} plays the host's agent, standing in
 * for the real agent until it is wired; the end-to-end tests replace it), hypervisors and console URLs.
 */
class ComputeCliTest extends ServerTestBase {
    private static final String NOVA_237 = "--os-compute-api-version=2.37";

    @Autowired
    private ImageRegistry images;

    @Test
    void openstackCliManagesFlavorsKeypairsGroupsQuotasAndHypervisors() throws Exception {
        ApiClient api = api();
        String admin = adminToken();
        OpenstackCli cli = OpenstackCli.admin(api.baseUrl(), ADMIN_PASSWORD);

        String flavor = unique("cli-flavor");
        JsonNode created = cli.json("flavor", "create", "--vcpus", "2", "--ram", "512", "--disk", "1",
                "--property", "lightcloud:ha=true", flavor);
        assertThat(created.get("name").stringValue()).isEqualTo(flavor);
        assertThat(names(cli.json("flavor", "list"), "Name")).contains(flavor);
        JsonNode shown = cli.json("flavor", "show", flavor);
        assertThat(shown.get("vcpus").intValue()).isEqualTo(2);
        assertThat(shown.get("properties").toString()).contains("lightcloud:ha");
        cli.ok("flavor", "delete", flavor);
        assertThat(names(cli.json("flavor", "list"), "Name")).doesNotContain(flavor);

        String key = unique("cli-key");
        OpenstackCli.Result generated = cli.ok("keypair", "create", key);
        assertThat(generated.stdout()).contains("BEGIN RSA PRIVATE KEY");
        Path publicKey = Files.createTempFile("cli-key", ".pub");
        Files.writeString(publicKey, cli.ok("keypair", "show", "--public-key", key).stdout());
        String imported = unique("cli-imported");
        cli.json("keypair", "create", "--public-key", publicKey.toString(), imported);
        assertThat(names(cli.json("keypair", "list"), "Name")).contains(key, imported);
        cli.ok("keypair", "delete", key, imported);
        assertThat(names(cli.json("keypair", "list"), "Name")).doesNotContain(key, imported);

        String group = unique("cli-group");
        JsonNode madeGroup = cli.json("server", "group", "create", "--policy", "anti-affinity", group);
        assertThat(madeGroup.get("name").stringValue()).isEqualTo(group);
        assertThat(madeGroup.toString()).contains("anti-affinity");

        String project = api.get("/identity/v3/projects?name=admin", admin).json().at("/projects/0/id").stringValue();
        cli.ok("quota", "set", "--instances", "17", "--cores", "33", project);
        JsonNode quota = cli.json("quota", "show", project);
        assertThat(quota.toString()).contains("17").contains("33");
        JsonNode limits = cli.json("limits", "show", "--absolute");
        assertThat(names(limits, "Name")).contains("maxTotalInstances", "totalCoresUsed");

        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("cli-host"), 4, 8192, 40, null)) {
            agent.converge();
            assertThat(names(cli.json("hypervisor", "list"), "Hypervisor Hostname")).contains(agent.hostname());
            JsonNode hypervisor = cli.json("hypervisor", "show", agent.hostname());
            assertThat(hypervisor.get("vcpus").intValue()).isEqualTo(4);
            assertThat(hypervisor.get("state").stringValue()).isEqualTo("up");
            JsonNode stats = cli.json("hypervisor", "stats", "show");
            assertThat(stats.get("count").intValue()).isPositive();
        }
    }

    @Test
    void openstackCliManagesHostAggregates() {
        ApiClient api = api();
        OpenstackCli cli = OpenstackCli.admin(api.baseUrl(), ADMIN_PASSWORD);
        try (SimulatedAgent agent = SimulatedAgent.start(api, adminToken(), unique("cli-agg-host"), 2, 2048, 10,
                null)) {
            String aggregate = unique("cli-agg");
            String zone = unique("cli-agg-zone");
            JsonNode created = cli.json("aggregate", "create", "--zone", zone, "--property", "ssd=true", aggregate);
            assertThat(created.get("availability_zone").stringValue()).isEqualTo(zone);
            cli.ok("aggregate", "add", "host", aggregate, agent.hostname());
            JsonNode shown = cli.json("aggregate", "show", aggregate);
            assertThat(shown.get("hosts").toString()).contains(agent.hostname());
            assertThat(shown.get("properties").toString()).contains("ssd");
            assertThat(names(cli.json("availability", "zone", "list", "--compute"), "Zone Name")).contains(zone);
            assertThat(names(cli.json("aggregate", "list", "--long"), "Name")).contains(aggregate);
            cli.ok("aggregate", "unset", "--property", "ssd", aggregate);
            assertThat(cli.json("aggregate", "show", aggregate).get("properties").toString()).doesNotContain("ssd");
            OpenstackCli.Result refused = cli.run("aggregate", "delete", aggregate);
            assertThat(refused.exitCode()).as("an aggregate with hosts is not deleted").isNotZero();
            cli.ok("aggregate", "remove", "host", aggregate, agent.hostname());
            cli.ok("aggregate", "delete", aggregate);
            assertThat(names(cli.json("aggregate", "list"), "Name")).doesNotContain(aggregate);
        }
    }

    @Test
    void openstackCliManagesServersOnASimulatedHost() {
        ApiClient api = api();
        String admin = adminToken();
        OpenstackCli cli = OpenstackCli.admin(api.baseUrl(), ADMIN_PASSWORD);
        ComputeFixture fixture = new ComputeFixture(api, admin, images, dataDir());
        String zone = unique("cli-zone");
        String flavor = fixture.flavor(unique("cli-small"), 1, 256, 1);
        String image = fixture.image(unique("cli-image"));
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("cli-host"), 4, 8192, 40, zone)) {
            String name = unique("cli-server");
            JsonNode created = cli.json(NOVA_237, "server", "create", "--image", image, "--flavor", flavor,
                    "--nic", "none", "--availability-zone", zone, name);
            String id = created.get("id").stringValue();
            agent.converge();
            assertThat(names(cli.json("server", "list"), "Name")).contains(name);
            JsonNode shown = cli.json("server", "show", name);
            assertThat(shown.get("status").stringValue()).isEqualTo("ACTIVE");
            assertThat(shown.get("OS-EXT-SRV-ATTR:host").stringValue()).isEqualTo(agent.hostname());

            cli.ok("server", "stop", name);
            assertThat(agent.spec(id).get("power").stringValue()).isEqualTo("stopped");
            agent.converge();
            assertThat(cli.json("server", "show", name).get("status").stringValue()).isEqualTo("SHUTOFF");
            cli.ok("server", "start", name);
            agent.converge();
            cli.ok("server", "reboot", "--hard", name);
            assertThat(agent.spec(id).at("/reboot/hard").booleanValue()).isTrue();
            agent.converge();
            cli.ok("server", "pause", name);
            agent.converge();
            assertThat(cli.json("server", "show", name).get("status").stringValue()).isEqualTo("PAUSED");
            cli.ok("server", "unpause", name);
            agent.converge();
            assertThat(cli.json("server", "show", name).get("status").stringValue()).isEqualTo("ACTIVE");

            JsonNode console = cli.json("console", "url", "show", name);
            assertThat(console.get("url").stringValue()).startsWith(api.baseUrl()
                    + "/lightcloud/v1/console/vnc.html?token=");
            cli.ok("server", "delete", name);
            assertThat(names(cli.json("server", "list"), "Name")).doesNotContain(name);

            String fromVolume = unique("cli-bfv");
            String bootFromVolume = cli.json(NOVA_237, "server", "create", "--image", image, "--boot-from-volume",
                    "1", "--flavor", flavor, "--nic", "none", "--availability-zone", zone, fromVolume)
                    .get("id").stringValue();
            fixture.awaitServer(admin, bootFromVolume, s -> s.path("OS-EXT-STS:task_state").isString()
                    && s.get("OS-EXT-STS:task_state").stringValue().equals("spawning"),
                    "scheduled once the image is copied into its new volume");
            agent.converge();
            JsonNode bootedFromVolume = cli.json("server", "show", fromVolume);
            assertThat(bootedFromVolume.get("status").stringValue()).isEqualTo("ACTIVE");
            assertThat(bootedFromVolume.toString()).as("the root is the new volume, not the image")
                    .contains("volumes_attached").contains("N/A (booted from volume)");
            cli.ok("server", "delete", fromVolume);
        }
    }

    @Test
    void openstackCliGivesServersNetworksPortsAndFloatingIps() {
        ApiClient api = api();
        String admin = adminToken();
        OpenstackCli cli = OpenstackCli.admin(api.baseUrl(), ADMIN_PASSWORD);
        ComputeFixture fixture = new ComputeFixture(api, admin, images, dataDir());
        String zone = unique("cli-net-zone");
        String flavor = fixture.flavor(unique("cli-small"), 1, 256, 1);
        String image = fixture.image(unique("cli-image"));
        String external = unique("cli-public");
        cli.ok("network", "create", "--external", "--provider-network-type", "flat", "--provider-physical-network",
                "public", external);
        cli.ok("subnet", "create", "--network", external, "--subnet-range", "198.51.100.0/24", "--no-dhcp",
                unique("cli-public-v4"));
        String network = unique("cli-net");
        String subnet = unique("cli-net-v4");
        cli.ok("network", "create", network);
        cli.ok("subnet", "create", "--network", network, "--subnet-range", "10.90.0.0/24", subnet);
        String router = unique("cli-router");
        cli.ok("router", "create", router);
        cli.ok("router", "set", "--external-gateway", external, router);
        cli.ok("router", "add", "subnet", router, subnet);

        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("cli-host"), 4, 8192, 40, zone)) {
            String name = unique("cli-server");
            String networkId = cli.json("network", "show", network).get("id").stringValue();
            String id = cli.json(NOVA_237, "server", "create", "--image", image, "--flavor", flavor,
                    "--nic", "net-id=" + networkId, "--availability-zone", zone, name).get("id").stringValue();
            agent.converge();
            assertThat(agent.spec(id).get("nics")).hasSize(1);
            assertThat(cli.json("server", "show", name).get("addresses").toString()).contains(network)
                    .contains("10.90.0.");

            String extra = unique("cli-port");
            cli.ok("port", "create", "--network", network, "--fixed-ip", "ip-address=10.90.0.77", extra);
            cli.ok("server", "add", "port", name, extra);
            assertThat(agent.spec(id).get("nics")).as("the new port is hot-plugged").hasSize(2);
            agent.converge();
            assertThat(cli.json("server", "show", name).get("addresses").toString()).contains("10.90.0.77");
            cli.ok("server", "remove", "port", name, extra);
            assertThat(agent.spec(id).get("nics")).hasSize(1);
            agent.converge();
            assertThat(cli.json("port", "show", extra).get("device_id").asString()).isEmpty();

            String floating = cli.json("floating", "ip", "create", external).get("floating_ip_address")
                    .stringValue();
            cli.ok("server", "add", "floating", "ip", name, floating);
            assertThat(cli.json("server", "show", name).get("addresses").toString()).contains(floating);

            cli.ok("server", "delete", name);
            assertThat(names(cli.json("server", "list"), "Name")).doesNotContain(name);
            assertThat(cli.json("port", "list", "--network", network, "--device-owner", "compute:" + zone))
                    .as("the port made for the server is gone with it").isEmpty();
            cli.ok("floating", "ip", "delete", floating);
            cli.ok("port", "delete", extra);
            cli.ok("router", "remove", "subnet", router, subnet);
            cli.ok("router", "delete", router);
            cli.ok("network", "delete", network, external);
        }
    }

    private static List<String> names(JsonNode rows, String column) {
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(row.get(column).asString()));
        return names;
    }
}
