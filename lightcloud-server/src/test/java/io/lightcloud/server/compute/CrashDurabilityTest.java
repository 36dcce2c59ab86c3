package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ExternalServer;
import io.lightcloud.server.testing.ServerTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every write the API acknowledged survives a crash of the controller: a controller in a JVM of its own is killed
 * with {@code SIGKILL} right after creates, updates and deletes on every service, started again on the same data
 * directory, and each of those writes is checked. The last writes land well inside the half second an embedded
 * database that flushes commits late would lose. The restart also sweeps away the partial file of a volume that does
 * not exist.
 */
@Tag("database")
class CrashDurabilityTest {
    private static final String COMPUTE = "/compute/v2.1";
    private static final String NETWORK = "/network/v2.0";
    /**
     * A controller with a data directory of its own would rotate the all-in-one host's credential in the shared
     * PostgreSQL database, which other tests' controllers hold; this test's servers run on a simulated host instead.
     */
    private static final List<String> NO_LOCAL_HOST = List.of("--lightcloud.compute.local-agent.enabled=false");

    @TempDir
    Path dir;

    private final List<Expectation> expectations = new ArrayList<>();
    /** Names are unique per run, as the PostgreSQL run shares its database with other tests. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyAcknowledgedWriteSurvivesAKill() throws Exception {
        Path data = dir.resolve("data");
        String agentCredential;
        try (ExternalServer server = ExternalServer.start(data, List.of("-Xmx256m"), NO_LOCAL_HOST)) {
            ApiClient api = server.api();
            String token = api.token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
            String project = api.get("/identity/v3/projects?name=admin", token).json().at("/projects/0/id")
                    .stringValue();
            String image = uploadedImage(api, token, name("base"));
            String zone = name("zone");
            try (SimulatedAgent agent = SimulatedAgent.start(api, token, name("host"), 8, 16384, 200, zone)) {
                agentCredential = agent.credential();
                writeCompute(api, token, agent, image, zone);
            }
            writeVolumes(api, token, project, image);
            writeImages(api, token);
            writeNetworks(api, token);
            writeIdentity(api, token);
            server.kill();
        }
        Path orphanPartial = Files.writeString(data.resolve("volumes").resolve("volume-" + UUID.randomUUID()
                + ".qcow2.part"), "the partial data of a volume that does not exist");
        try (ExternalServer restarted = ExternalServer.start(data, List.of("-Xmx256m"), NO_LOCAL_HOST)) {
            ApiClient api = restarted.api();
            String token = api.token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
            JsonNode desired = api.send("GET", "/lightcloud/v1/agent/desired?since=-1&wait=0", null, null,
                    Map.of("Authorization", "Bearer " + agentCredential)).json();
            List<String> lost = new ArrayList<>();
            for (Expectation expectation : expectations) {
                if (!expectation.holds().test(new Restarted(api, token, desired))) {
                    lost.add(expectation.write());
                }
            }
            assertThat(lost).as("acknowledged writes lost by the crash (of %d)", expectations.size()).isEmpty();
            await(() -> !Files.exists(orphanPartial), "the orphan partial volume file removed");
        }
    }

    private void writeCompute(ApiClient api, String token, SimulatedAgent agent, String image, String zone) {
        String flavor = created(nova(api, "POST", "/flavors", token, Map.of("flavor", Map.of("name", name("flavor"),
                "vcpus", 1, "ram", 256, "disk", 1))), "/flavor/id");
        String doomedFlavor = created(nova(api, "POST", "/flavors", token, Map.of("flavor",
                Map.of("name", name("doomed-flavor"), "vcpus", 1, "ram", 128, "disk", 1))), "/flavor/id");
        String kept = server(api, token, name("kept"), flavor, image, zone);
        String doomed = server(api, token, name("doomed"), flavor, image, zone);
        agent.converge();
        awaitActive(api, token, kept);
        awaitActive(api, token, doomed);
        assertThat(nova(api, "DELETE", "/servers/" + doomed, token, null).status()).isEqualTo(204);
        agent.converge();
        expect("server create", r -> r.nova("/servers/" + kept).status() == 200);
        expect("server delete", r -> r.nova("/servers/" + doomed).status() == 404
                && !r.desired().toString().contains(doomed));
        nova(api, "DELETE", "/flavors/" + doomedFlavor, token, null);
        expect("flavor create", r -> r.nova("/flavors/" + flavor).status() == 200);
        expect("flavor delete", r -> r.nova("/flavors/" + doomedFlavor).status() == 404);
        created(nova(api, "POST", "/os-keypairs", token, Map.of("keypair", Map.of("name", name("key")))),
                "/keypair/name");
        created(nova(api, "POST", "/os-keypairs", token, Map.of("keypair", Map.of("name", name("doomed-key")))),
                "/keypair/name");
        assertThat(nova(api, "DELETE", "/os-keypairs/" + name("doomed-key"), token, null).status()).isEqualTo(204);
        expect("keypair create", r -> r.nova("/os-keypairs/" + name("key")).status() == 200);
        expect("keypair delete", r -> r.nova("/os-keypairs/" + name("doomed-key")).status() == 404);
    }

    private void writeVolumes(ApiClient api, String token, String project, String image) {
        String volumes = "/volume/v3/" + project + "/volumes";
        String doomed = created(api.post(volumes, token, Map.of("volume", Map.of("size", 1, "name",
                name("doomed")))), "/volume/id");
        await(() -> api.get(volumes + "/" + doomed, token).json().at("/volume/status").stringValue()
                .equals("available"), "volume " + doomed + " available");
        assertThat(api.delete(volumes + "/" + doomed, token).status()).isEqualTo(202);
        await(() -> api.get(volumes + "/" + doomed, token).status() == 404, "volume " + doomed + " deleted");
        String blank = created(api.post(volumes, token, Map.of("volume", Map.of("size", 1, "name", name("blank")))),
                "/volume/id");
        String fromImage = created(api.post(volumes, token, Map.of("volume", Map.of("size", 1, "name",
                name("from-image"), "imageRef", image))), "/volume/id");
        expect("volume delete", r -> r.api().get(volumes + "/" + doomed, r.token()).status() == 404);
        expect("volume create", r -> r.api().get(volumes + "/" + blank, r.token()).status() == 200);
        expect("volume create from an image", r -> r.api().get(volumes + "/" + fromImage, r.token()).status() == 200);
    }

    private void writeImages(ApiClient api, String token) {
        String kept = created(api.post("/image/v2/images", token, Map.of("name", name("image"),
                "disk_format", "raw", "container_format", "bare")), "/id");
        String doomed = created(api.post("/image/v2/images", token, Map.of("name", name("doomed-image"),
                "disk_format", "raw", "container_format", "bare")), "/id");
        ApiClient.Response renamed = api.send("PATCH", "/image/v2/images/" + kept, token,
                "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"" + name("image-renamed") + "\"}]",
                Map.of("Content-Type", "application/openstack-images-v2.1-json-patch"));
        assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
        assertThat(api.delete("/image/v2/images/" + doomed, token).status()).isEqualTo(204);
        expect("image create and update", r -> r.api().get("/image/v2/images/" + kept, r.token()).json()
                .path("name").asString("").equals(name("image-renamed")));
        expect("image delete", r -> r.api().get("/image/v2/images/" + doomed, r.token()).status() == 404);
    }

    private void writeNetworks(ApiClient api, String token) {
        String network = created(api.post(NETWORK + "/networks", token, Map.of("network",
                Map.of("name", name("net")))), "/network/id");
        String subnet = created(api.post(NETWORK + "/subnets", token, Map.of("subnet", Map.of("network_id", network,
                "cidr", "10.77.0.0/24", "ip_version", 4))), "/subnet/id");
        String port = created(api.post(NETWORK + "/ports", token, Map.of("port", Map.of("network_id", network))),
                "/port/id");
        String doomedPort = created(api.post(NETWORK + "/ports", token, Map.of("port",
                Map.of("network_id", network))), "/port/id");
        String doomedNetwork = created(api.post(NETWORK + "/networks", token, Map.of("network",
                Map.of("name", name("doomed-net")))), "/network/id");
        String doomedSubnet = created(api.post(NETWORK + "/subnets", token, Map.of("subnet",
                Map.of("network_id", doomedNetwork, "cidr", "10.78.0.0/24", "ip_version", 4))), "/subnet/id");
        String group = created(api.post(NETWORK + "/security-groups", token, Map.of("security_group",
                Map.of("name", name("group")))), "/security_group/id");
        String rule = created(api.post(NETWORK + "/security-group-rules", token, Map.of("security_group_rule",
                Map.of("security_group_id", group, "direction", "ingress", "protocol", "tcp",
                        "port_range_min", 22, "port_range_max", 22, "ethertype", "IPv4"))), "/security_group_rule/id");
        String doomedGroup = created(api.post(NETWORK + "/security-groups", token, Map.of("security_group",
                Map.of("name", name("doomed-group")))), "/security_group/id");
        assertThat(api.delete(NETWORK + "/ports/" + doomedPort, token).status()).isEqualTo(204);
        assertThat(api.delete(NETWORK + "/subnets/" + doomedSubnet, token).status()).isEqualTo(204);
        assertThat(api.delete(NETWORK + "/networks/" + doomedNetwork, token).status()).isEqualTo(204);
        assertThat(api.delete(NETWORK + "/security-groups/" + doomedGroup, token).status()).isEqualTo(204);
        expect("network create", r -> r.api().get(NETWORK + "/networks/" + network, r.token()).status() == 200);
        expect("subnet create", r -> r.api().get(NETWORK + "/subnets/" + subnet, r.token()).status() == 200);
        expect("port create", r -> r.api().get(NETWORK + "/ports/" + port, r.token()).status() == 200);
        expect("security group rule create", r -> r.api().get(NETWORK + "/security-group-rules/" + rule,
                r.token()).status() == 200);
        expect("port delete", r -> r.api().get(NETWORK + "/ports/" + doomedPort, r.token()).status() == 404);
        expect("subnet delete", r -> r.api().get(NETWORK + "/subnets/" + doomedSubnet, r.token()).status() == 404);
        expect("network delete", r -> r.api().get(NETWORK + "/networks/" + doomedNetwork, r.token()).status() == 404);
        expect("security group delete", r -> r.api().get(NETWORK + "/security-groups/" + doomedGroup,
                r.token()).status() == 404);
    }

    /** Last, so that these writes are acknowledged just before the kill. */
    private void writeIdentity(ApiClient api, String token) {
        String doomed = created(api.post("/identity/v3/projects", token, Map.of("project",
                Map.of("name", name("doomed-project")))), "/project/id");
        String user = created(api.post("/identity/v3/users", token, Map.of("user", Map.of("name", name("user"),
                "password", "crash-password-1"))), "/user/id");
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            projects.add(created(api.post("/identity/v3/projects", token, Map.of("project",
                    Map.of("name", name("project-" + i)))), "/project/id"));
        }
        ApiClient.Response updated = api.patch("/identity/v3/projects/" + projects.get(0), token,
                Map.of("project", Map.of("description", "updated before the crash")));
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(api.delete("/identity/v3/projects/" + doomed, token).status()).isEqualTo(204);
        expect("user create", r -> r.api().get("/identity/v3/users/" + user, r.token()).status() == 200);
        for (String project : projects) {
            expect("project create " + project, r -> r.api().get("/identity/v3/projects/" + project, r.token())
                    .status() == 200);
        }
        expect("project update", r -> r.api().get("/identity/v3/projects/" + projects.get(0), r.token()).json()
                .at("/project/description").asString("").equals("updated before the crash"));
        expect("project delete", r -> r.api().get("/identity/v3/projects/" + doomed, r.token()).status() == 404);
    }

    private String name(String what) {
        return "crash-" + what + "-" + run;
    }

    private void expect(String write, Predicate<Restarted> holds) {
        expectations.add(new Expectation(write, holds));
    }

    private static String server(ApiClient api, String token, String name, String flavor, String image,
            String zone) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", name);
        server.put("flavorRef", flavor);
        server.put("imageRef", image);
        server.put("networks", "none");
        server.put("availability_zone", zone);
        return created(nova(api, "POST", "/servers", token, Map.of("server", server)), "/server/id");
    }

    private static void awaitActive(ApiClient api, String token, String server) {
        await(() -> nova(api, "GET", "/servers/" + server, token, null).json().at("/server/status").stringValue()
                .equals("ACTIVE"), "server " + server + " ACTIVE");
    }

    private static ApiClient.Response nova(ApiClient api, String method, String path, String token, Object body) {
        return api.send(method, COMPUTE + path, token, body, Map.of("OpenStack-API-Version", "compute 2.90"));
    }

    private static String created(ApiClient.Response response, String idPointer) {
        assertThat(response.status()).as(response.text()).isBetween(200, 202);
        return response.json().at(idPointer).stringValue();
    }

    private static String uploadedImage(ApiClient api, String token, String name) throws Exception {
        Path file = Path.of(System.getProperty("java.io.tmpdir")).resolve("lightcloud-crash-" + ProcessHandle.current()
                .pid() + ".qcow2");
        Process qemuImg = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "64M")
                .redirectErrorStream(true).start();
        assertThat(qemuImg.waitFor()).isZero();
        String id = created(api.post("/image/v2/images", token, Map.of("name", name, "disk_format", "qcow2",
                "container_format", "bare")), "/id");
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.baseUrl() + "/image/v2/images/" + id + "/file"))
                .header("X-Auth-Token", token).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(204);
        Files.deleteIfExists(file);
        await(() -> api.get("/image/v2/images/" + id, token).json().get("status").stringValue().equals("active"),
                "image " + id + " active");
        return id;
    }

    private static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(what + " did not happen within 30 s");
    }

    private record Expectation(String write, Predicate<Restarted> holds) {
    }

    /** The restarted controller, as the checks see it. */
    private record Restarted(ApiClient api, String token, JsonNode desired) {
        ApiClient.Response nova(String path) {
            return CrashDurabilityTest.nova(api, "GET", path, token, null);
        }
    }
}
