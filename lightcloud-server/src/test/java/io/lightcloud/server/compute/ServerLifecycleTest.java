package io.lightcloud.server.compute;

import static io.lightcloud.server.compute.ComputeFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The server lifecycle through the Nova API, with a {@link SimulatedAgent} standing in for the real agent: a test
 * plays the host's agent over the agent protocol (register, read desired state, report observed state). The
 * end-to-end tests added when the agent is wired to the QEMU driver replace the simulation with real guests. Each
 * test uses its own availability zone, so it only ever schedules onto its own hosts.
 */
@Tag("database")
class ServerLifecycleTest extends ComputeTestBase {
    private ComputeFixture.Tenant tenant;
    private SimulatedAgent agent;
    private String flavor;
    private String image;

    @BeforeEach
    void setUp() {
        tenant = fixture.tenant(unique("life"));
        agent = SimulatedAgent.start(api, admin, unique("host"), 8, 16384, 200, zone);
        flavor = fixture.flavor(unique("small"), 2, 2048, 10);
        image = fixture.image(unique("image"));
    }

    @AfterEach
    void tearDown() {
        agent.close();
    }

    @Test
    void createdServerIsScheduledToTheHostAndBecomesActiveWhenTheAgentReportsItRunning() {
        Map<String, Object> body = zoned("web", flavor, image);
        body.put("metadata", Map.of("role", "web"));
        body.put("user_data", Base64.getEncoder().encodeToString("#!/bin/sh\necho hi\n".getBytes()));
        ApiClient.Response created = fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().at("/server/id").stringValue();
        assertThat(created.json().at("/server/adminPass").stringValue()).as("Nova's enable_instance_password")
                .hasSize(12);
        body.put("adminPass", "chosen-Pass1");
        ApiClient.Response chosen = fixture.nova("POST", "/servers", tenant.token(), Map.of("server", body));
        assertThat(chosen.json().at("/server/adminPass").stringValue()).isEqualTo("chosen-Pass1");
        fixture.nova("DELETE", "/servers/" + chosen.json().at("/server/id").stringValue(), tenant.token(), null);

        JsonNode building = fixture.server(tenant.token(), id);
        assertThat(building.get("status").stringValue()).isEqualTo("BUILD");
        assertThat(building.get("OS-EXT-STS:task_state").stringValue()).isEqualTo("spawning");
        assertThat(building.get("OS-EXT-AZ:availability_zone").stringValue()).isEqualTo(zone);
        assertThat(building.has("OS-EXT-SRV-ATTR:host")).as("hosts are for admins").isFalse();

        JsonNode spec = agent.spec(id);
        assertThat(spec).as("the desired state of the host lists the server").isNotNull();
        assertThat(spec.get("vcpus").intValue()).isEqualTo(2);
        assertThat(spec.get("memory_mb").intValue()).isEqualTo(2048);
        assertThat(spec.get("root_gb").intValue()).isEqualTo(10);
        assertThat(spec.get("power").stringValue()).isEqualTo("running");
        assertThat(spec.at("/image/id").stringValue()).isEqualTo(image);
        assertThat(spec.at("/image/url").stringValue()).isEqualTo("/lightcloud/v1/agent/images/" + image);
        assertThat(spec.at("/config_drive/meta_data/uuid").stringValue()).isEqualTo(id);
        assertThat(spec.at("/config_drive/meta_data/hostname").stringValue()).isEqualTo("web");
        assertThat(spec.at("/config_drive/meta_data/meta/role").stringValue()).isEqualTo("web");
        assertThat(spec.at("/config_drive/user_data").stringValue()).isEqualTo(body.get("user_data"));
        assertThat(spec.at("/ha/enabled").booleanValue()).isFalse();

        agent.converge();
        JsonNode active = fixture.server(tenant.token(), id);
        assertThat(active.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(active.get("OS-EXT-STS:power_state").intValue()).isEqualTo(1);
        assertThat(active.get("OS-EXT-STS:vm_state").stringValue()).isEqualTo("active");
        assertThat(active.get("OS-EXT-STS:task_state").isNull()).isTrue();
        assertThat(active.get("OS-SRV-USG:launched_at").stringValue()).isNotEmpty();
        assertThat(active.get("hostId").stringValue()).hasSize(56);

        JsonNode asAdmin = fixture.server(admin, id);
        assertThat(asAdmin.get("OS-EXT-SRV-ATTR:host").stringValue()).isEqualTo(agent.hostname());
        assertThat(asAdmin.get("OS-EXT-SRV-ATTR:instance_name").stringValue()).startsWith("instance-");
        assertThat(asAdmin.get("host_status").stringValue()).isEqualTo("UP");

        ApiClient.Response actions = fixture.nova("GET", "/servers/" + id + "/os-instance-actions", tenant.token(), null);
        assertThat(ComputeFixture.ids(actions.json().get("instanceActions"), "action")).containsExactly("create");
        String requestId = actions.json().at("/instanceActions/0/request_id").stringValue();
        JsonNode action = fixture.nova("GET", "/servers/" + id + "/os-instance-actions/" + requestId, admin, null)
                .json().get("instanceAction");
        assertThat(ComputeFixture.ids(action.get("events"), "result")).containsOnly("Success");
    }

    @Test
    void powerActionsChangeTheDesiredStateAndTheStatusFollowsTheAgent() {
        String id = active(agent, tenant.token(), "power", flavor, image);
        long rebootCounter = agent.spec(id).at("/reboot/counter").longValue();

        fixture.action(tenant.token(), id, Map.of("os-stop", Map.of()), 202);
        assertThat(fixture.server(tenant.token(), id).get("OS-EXT-STS:task_state").stringValue())
                .isEqualTo("powering-off");
        assertThat(agent.spec(id).get("power").stringValue()).isEqualTo("stopped");
        agent.converge();
        JsonNode stopped = fixture.server(tenant.token(), id);
        assertThat(stopped.get("status").stringValue()).isEqualTo("SHUTOFF");
        assertThat(stopped.get("OS-EXT-STS:power_state").intValue()).isEqualTo(4);
        fixture.action(tenant.token(), id, Map.of("os-stop", Map.of()), 409);

        fixture.action(tenant.token(), id, Map.of("os-start", Map.of()), 202);
        agent.converge();
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("ACTIVE");

        fixture.action(tenant.token(), id, Map.of("reboot", Map.of("type", "HARD")), 202);
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("HARD_REBOOT");
        JsonNode rebooting = agent.spec(id);
        assertThat(rebooting.at("/reboot/counter").longValue()).isEqualTo(rebootCounter + 1);
        assertThat(rebooting.at("/reboot/hard").booleanValue()).isTrue();
        agent.converge();
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("ACTIVE");

        fixture.action(tenant.token(), id, Map.of("reboot", Map.of("type", "SOFT")), 202);
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("REBOOT");
        assertThat(agent.spec(id).at("/reboot/hard").booleanValue()).isFalse();
        agent.converge();

        fixture.action(tenant.token(), id, Map.of("pause", Map.of()), 202);
        assertThat(agent.spec(id).get("power").stringValue()).isEqualTo("paused");
        agent.converge();
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("PAUSED");
        fixture.action(tenant.token(), id, Map.of("suspend", Map.of()), 409);
        fixture.action(tenant.token(), id, Map.of("unpause", Map.of()), 202);
        agent.converge();

        fixture.action(tenant.token(), id, Map.of("suspend", Map.of()), 202);
        agent.converge();
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("SUSPENDED");
        fixture.action(tenant.token(), id, Map.of("resume", Map.of()), 202);
        agent.converge();
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("ACTIVE");

        List<String> logged = ComputeFixture.ids(fixture.nova("GET", "/servers/" + id + "/os-instance-actions",
                tenant.token(), null).json().get("instanceActions"), "action");
        assertThat(logged).containsExactly("resume", "suspend", "unpause", "pause", "reboot", "reboot", "start",
                "stop", "create");
    }

    @Test
    void resizeClaimsTheNewFlavorAndConfirmOrRevertSettlesIt() {
        String id = active(agent, tenant.token(), "resize", flavor, image);
        String bigger = fixture.flavor(unique("bigger"), 4, 4096, 20);
        fixture.action(tenant.token(), id, Map.of("resize", Map.of("flavorRef", bigger)), 202);
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("RESIZE");
        assertThat(agent.spec(id).get("memory_mb").intValue()).isEqualTo(4096);
        assertThat(hypervisor().get("memory_mb_used").longValue())
                .as("both flavors are claimed until the resize is confirmed").isEqualTo(512 + 2048 + 4096);
        agent.converge();
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("VERIFY_RESIZE");

        fixture.action(tenant.token(), id, Map.of("revertResize", Map.of()), 202);
        assertThat(fixture.server(tenant.token(), id).get("status").stringValue()).isEqualTo("REVERT_RESIZE");
        assertThat(agent.spec(id).get("memory_mb").intValue()).isEqualTo(2048);
        agent.converge();
        JsonNode reverted = fixture.server(tenant.token(), id);
        assertThat(reverted.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(reverted.at("/flavor/ram").intValue()).isEqualTo(2048);
        assertThat(hypervisor().get("memory_mb_used").longValue()).isEqualTo(512 + 2048);

        fixture.action(tenant.token(), id, Map.of("resize", Map.of("flavorRef", bigger)), 202);
        agent.converge();
        fixture.action(tenant.token(), id, Map.of("confirmResize", Map.of()), 204);
        JsonNode confirmed = fixture.server(tenant.token(), id);
        assertThat(confirmed.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(confirmed.at("/flavor/vcpus").intValue()).isEqualTo(4);
        assertThat(hypervisor().get("memory_mb_used").longValue()).isEqualTo(512 + 4096);
        assertThat(limits().get("totalCoresUsed").intValue()).isEqualTo(4);
    }

    @Test
    void deleteReleasesTheClaimAndTheQuota() {
        String id = active(agent, tenant.token(), "doomed", flavor, image);
        assertThat(hypervisor().get("vcpus_used").intValue()).isEqualTo(2);
        assertThat(limits().get("totalInstancesUsed").intValue()).isEqualTo(1);
        ApiClient.Response deleted = fixture.nova("DELETE", "/servers/" + id, tenant.token(), null);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(fixture.nova("GET", "/servers/" + id, tenant.token(), null).status()).isEqualTo(404);
        assertThat(hypervisor().get("vcpus_used").intValue()).isZero();
        assertThat(limits().get("totalInstancesUsed").intValue()).isZero();
        assertThat(limits().get("totalRAMUsed").intValue()).isZero();
        assertThat(agent.spec(id)).as("the agent is told to remove the VM").isNull();
        agent.converge();
        ApiClient.Response since = fixture.nova("GET", "/servers/detail?changes-since=2000-01-01T00:00:00Z",
                tenant.token(), null);
        assertThat(since.json().get("servers").get(0).get("status").stringValue()).isEqualTo("DELETED");
    }

    @Test
    void aLockedServerRefusesActionsFromItsOwnerButNotFromTheAdmin() {
        String id = active(agent, tenant.token(), "locked", flavor, image);
        fixture.action(tenant.token(), id, Map.of("lock", Map.of("locked_reason", "maintenance")), 202);
        JsonNode locked = fixture.server(tenant.token(), id);
        assertThat(locked.get("locked").booleanValue()).isTrue();
        assertThat(locked.get("locked_reason").stringValue()).isEqualTo("maintenance");
        ApiClient.Response refused = fixture.nova("POST", "/servers/" + id + "/action", tenant.token(),
                Map.of("os-stop", Map.of()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/conflictingRequest/message").stringValue()).contains("is locked");
        assertThat(fixture.nova("DELETE", "/servers/" + id, tenant.token(), null).status()).isEqualTo(409);
        fixture.action(admin, id, Map.of("os-stop", Map.of()), 202);
        fixture.action(tenant.token(), id, Map.of("unlock", Map.of()), 202);
        assertThat(fixture.server(tenant.token(), id).get("locked").booleanValue()).isFalse();
    }

    @Test
    void consoleOutputComesFromTheAgentAndConsoleUrlsCarryAOneTimeToken() {
        String id = active(agent, tenant.token(), "console", flavor, image);
        ApiClient.Response pushed = agent.call("PUT", "/lightcloud/v1/agent/instances/" + id + "/console-log",
                "line one\nline two\nLIGHTCLOUD-MARKER hostname=console\n");
        assertThat(pushed.status()).as(pushed.text()).isEqualTo(204);
        ApiClient.Response output = fixture.nova("POST", "/servers/" + id + "/action", tenant.token(),
                Map.of("os-getConsoleOutput", Map.of("length", 2)));
        assertThat(output.status()).as(output.text()).isEqualTo(200);
        assertThat(output.json().get("output").stringValue()).isEqualTo("line two\nLIGHTCLOUD-MARKER hostname=console\n");

        ApiClient.Response console = fixture.nova("POST", "/servers/" + id + "/remote-consoles", tenant.token(),
                Map.of("remote_console", Map.of("protocol", "vnc", "type", "novnc")));
        assertThat(console.status()).as(console.text()).isEqualTo(200);
        assertThat(console.json().at("/remote_console/url").stringValue())
                .startsWith(api.baseUrl() + "/lightcloud/v1/console/vnc.html?token=");
        ApiClient.Response legacy = fixture.nova("POST", "/servers/" + id + "/action", tenant.token(),
                Map.of("os-getVNCConsole", Map.of("type", "novnc")));
        assertThat(legacy.json().at("/console/url").stringValue()).contains("token=");
        assertThat(fixture.nova("POST", "/servers/" + id + "/remote-consoles", tenant.token(),
                Map.of("remote_console", Map.of("protocol", "spice", "type", "spice-html5"))).status()).isEqualTo(400);
    }

    @Test
    void metadataAndTagsCanBeReadAndChanged() {
        String id = active(agent, tenant.token(), "labels", flavor, image);
        String path = "/servers/" + id;
        assertThat(fixture.nova("PUT", path + "/metadata", tenant.token(), Map.of("metadata", Map.of("a", "1",
                "b", "2"))).status()).isEqualTo(200);
        assertThat(fixture.nova("PUT", path + "/metadata/c", tenant.token(), Map.of("meta", Map.of("c", "3")))
                .status()).isEqualTo(200);
        assertThat(fixture.nova("DELETE", path + "/metadata/a", tenant.token(), null).status()).isEqualTo(204);
        assertThat(fixture.nova("GET", path + "/metadata", tenant.token(), null).json().get("metadata").toString())
                .isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");
        assertThat(fixture.nova("PUT", path + "/tags/blue", tenant.token(), null).status()).isEqualTo(201);
        assertThat(fixture.nova("PUT", path + "/tags", tenant.token(), Map.of("tags", List.of("red", "green")))
                .status()).isEqualTo(200);
        assertThat(fixture.nova("GET", path + "/tags/red", tenant.token(), null).status()).isEqualTo(204);
        assertThat(fixture.nova("GET", path + "/tags/blue", tenant.token(), null).status()).isEqualTo(404);
        assertThat(ComputeFixture.ids(fixture.nova("GET", "/servers?tags=red", tenant.token(), null).json()
                .get("servers"), "id")).containsExactly(id);
        assertThat(fixture.nova("GET", "/servers?tags=blue", tenant.token(), null).json().get("servers")).isEmpty();
        assertThat(fixture.server(tenant.token(), id).get("tags").toString()).isEqualTo("[\"green\",\"red\"]");
    }

    @Test
    void attachedVolumeIsInUseInCinderUntilTheAgentUnplugsIt() {
        String id = active(agent, tenant.token(), "db", flavor, image);
        String volume = fixture.volume(tenant.token(), tenant.projectId(), unique("data"));
        assertThat(volumeView(volume).get("status").stringValue()).isEqualTo("available");

        ApiClient.Response attached = fixture.nova("POST", "/servers/" + id + "/os-volume_attachments",
                tenant.token(), Map.of("volumeAttachment", Map.of("volumeId", volume)));
        assertThat(attached.status()).as(attached.text()).isEqualTo(200);
        assertThat(attached.json().at("/volumeAttachment/device").stringValue()).isEqualTo("/dev/vdb");
        JsonNode attaching = volumeView(volume);
        assertThat(attaching.get("status").stringValue()).isEqualTo("attaching");
        assertThat(attaching.get("attachments")).as("not attached until the host plugs it in").isEmpty();

        JsonNode plug = agent.spec(id).get("volumes").get(0);
        assertThat(plug.get("volume_id").stringValue()).isEqualTo(volume);
        assertThat(plug.at("/connection/driver_volume_type").stringValue()).isEqualTo("file");
        assertThat(plug.at("/connection/format").stringValue()).isEqualTo("qcow2");
        assertThat(plug.at("/connection/path").stringValue())
                .isEqualTo(dataDir().resolve("volumes").resolve("volume-" + volume + ".qcow2").toString());

        agent.converge();
        JsonNode inUse = fixture.awaitVolume(tenant.token(), tenant.projectId(), volume,
                ComputeFixture.volumeState("in-use", id), "in-use by " + id);
        assertThat(inUse.at("/attachments/0/device").stringValue()).isEqualTo("/dev/vdb");

        // An in-use volume cannot go to a second server; another project's volume does not exist for this one.
        String other = active(agent, tenant.token(), "db2", flavor, image);
        ApiClient.Response busy = fixture.nova("POST", "/servers/" + other + "/os-volume_attachments",
                tenant.token(), Map.of("volumeAttachment", Map.of("volumeId", volume)));
        assertThat(busy.status()).as(busy.text()).isEqualTo(409);
        ComputeFixture.Tenant stranger = fixture.tenant(unique("stranger"));
        String foreign = fixture.volume(stranger.token(), stranger.projectId(), unique("foreign"));
        ApiClient.Response hidden = fixture.nova("POST", "/servers/" + other + "/os-volume_attachments",
                tenant.token(), Map.of("volumeAttachment", Map.of("volumeId", foreign)));
        assertThat(hidden.status()).as(hidden.text()).isEqualTo(404);
        assertThat(fixture.volumeView(stranger.token(), stranger.projectId(), foreign).get("status").stringValue())
                .isEqualTo("available");

        ApiClient.Response detached = fixture.nova("DELETE", "/servers/" + id + "/os-volume_attachments/" + volume,
                tenant.token(), null);
        assertThat(detached.status()).as(detached.text()).isEqualTo(202);
        assertThat(volumeView(volume).get("status").stringValue()).as("in use until the host unplugs it")
                .isEqualTo("in-use");
        agent.converge();
        fixture.awaitVolume(tenant.token(), tenant.projectId(), volume, ComputeFixture.volumeState("available"),
                "available again");
    }

    private JsonNode volumeView(String volumeId) {
        return fixture.volumeView(tenant.token(), tenant.projectId(), volumeId);
    }

    private JsonNode hypervisor() {
        ApiClient.Response shown = fixture.nova("GET", "/os-hypervisors/" + agent.id(), admin, null, "2.53");
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        return shown.json().get("hypervisor");
    }

    private JsonNode limits() {
        return fixture.nova("GET", "/limits", tenant.token(), null).json().at("/limits/absolute");
    }
}
