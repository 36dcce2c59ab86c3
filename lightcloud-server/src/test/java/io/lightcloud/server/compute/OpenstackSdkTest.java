package io.lightcloud.server.compute;

import static io.lightcloud.server.testing.HostCommands.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * openstacksdk's cloud layer (Debian's python3-openstacksdk), which Ansible's openstack.cloud modules and many
 * operators' scripts use, runs {@code clients/openstacksdk_cloud_layer.py} against a server with a real local agent:
 * a real VM, a real router and a floating IP from a flat external network on the physical network {@code public}.
 */
@Tag("e2e")
@Tag("network")
class OpenstackSdkTest extends LocalAgentServerTestBase {
    private String externalNetwork;

    @AfterEach
    void removeExternalNetwork() {
        if (externalNetwork != null) {
            api.delete("/network/v2.0/networks/" + externalNetwork, admin);
        }
        run("ip", "link", "delete", EXTERNAL_BRIDGE);
    }

    @Test
    void cloudLayerScriptRunsGreen() throws Exception {
        run("ip", "link", "add", EXTERNAL_BRIDGE, "type", "bridge");
        run("ip", "link", "set", EXTERNAL_BRIDGE, "up");
        String externalName = unique("sdk-public");
        ApiClient.Response network = api.post("/network/v2.0/networks", admin, Map.of("network", Map.of(
                "name", externalName, "router:external", true, "provider:network_type", "flat",
                "provider:physical_network", "public")));
        assertThat(network.status()).as(network.text()).isEqualTo(201);
        externalNetwork = network.json().at("/network/id").stringValue();
        ApiClient.Response subnet = api.post("/network/v2.0/subnets", admin, Map.of("subnet", Map.of(
                "network_id", externalNetwork, "cidr", "198.51.100.0/24", "ip_version", 4, "enable_dhcp", false,
                "allocation_pools", List.of(Map.of("start", "198.51.100.100", "end", "198.51.100.200")))));
        assertThat(subnet.status()).as(subnet.text()).isEqualTo(201);
        ComputeFixture.Tenant tenant = fixture.tenant(unique("sdk"));
        String image = unique("sdk-img");
        testImage(image);
        String flavor = unique("sdk-flavor");
        fixture.flavor(flavor, 1, 128, 1);

        Map<String, String> environment = new HashMap<>();
        environment.put("OS_AUTH_URL", "http://127.0.0.1:" + port + "/identity/v3");
        environment.put("OS_USERNAME", tenant.userName());
        environment.put("OS_PASSWORD", tenant.password());
        environment.put("OS_PROJECT_ID", tenant.projectId());
        environment.put("OS_USER_DOMAIN_NAME", "Default");
        environment.put("OS_IDENTITY_API_VERSION", "3");
        environment.put("OS_REGION_NAME", "RegionOne");
        environment.put("LC_IMAGE", image);
        environment.put("LC_FLAVOR", flavor);
        environment.put("LC_EXTERNAL_NETWORK", externalName);
        environment.put("LC_TIMEOUT", String.valueOf(BOOT.toSeconds() * 2));
        environment.put("LC_DEBUG", "1");
        Result result = python(script(), environment);

        assertThat(result.exitCode()).as("the script's output:\n%s\n%s", result.stdout(), tail(result.stderr()))
                .isZero();
        assertThat(result.stdout()).contains("SDK-STEP create_server", "SDK-STEP attach_volume", "SDK-OK");
        assertThat(result.stdout()).containsPattern("SDK-ADDRESSES private=10\\.77\\.0\\.\\d+ public=198\\.51\\.100\\.");
        assertThat(api.get("/compute/v2.1/servers?all_tenants=1&project_id=" + tenant.projectId(), admin).json()
                .get("servers")).as("the script deleted its server").isEmpty();
        assertThat(api.get("/network/v2.0/floatingips?project_id=" + tenant.projectId(), admin).json()
                .get("floatingips")).as("and its floating IP").isEmpty();
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Path script() throws URISyntaxException {
        return Path.of(OpenstackSdkTest.class.getResource("/clients/openstacksdk_cloud_layer.py").toURI());
    }

    /** Debian's interpreter, which has Debian's packages (a python3 earlier on the PATH may not). */
    private static Result python(Path script, Map<String, String> environment) throws Exception {
        assertThat(Path.of("/usr/lib/python3/dist-packages/openstack")).as("python3-openstacksdk is installed "
                + "(./lightcloud test installs it)").isDirectory();
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(DIR, "sdk", ".out");
        Path err = Files.createTempFile(DIR, "sdk", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the openstacksdk script did not end:\n" + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The end of the SDK's debug log: the failing request and the traceback. */
    private static String tail(String text) {
        return text.length() <= 20_000 ? text : text.substring(text.length() - 20_000);
    }
}
