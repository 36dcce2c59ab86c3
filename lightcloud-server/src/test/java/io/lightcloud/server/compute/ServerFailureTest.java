package io.lightcloud.server.compute;

import static io.lightcloud.server.compute.ComputeFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Builds that fail, hosts that go silent, VMs that die: the controller reschedules, reports, stops or restarts
 * servers as the agents' reports say. {@link SimulatedAgent}s stand in for real agents (a test plays them over the
 * agent protocol); the end-to-end tests with real QEMU guests replace them when the agent is wired.
 */
@Tag("database")
class ServerFailureTest extends ComputeTestBase {
    private ComputeFixture.Tenant tenant;
    private String flavor;
    private String image;

    @BeforeEach
    void setUp() {
        tenant = fixture.tenant(unique("fail"));
        flavor = fixture.flavor(unique("small"), 1, 1024, 5);
        image = fixture.image(unique("image"));
    }

    @Test
    void aFailedBuildIsRescheduledAndAfterThreeAttemptsTheServerIsInErrorWithItsClaimsReleased() {
        List<SimulatedAgent> agents = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                agents.add(SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone));
            }
            String id = fixture.createServer(tenant.token(), zoned("unlucky", flavor, image));
            Set<String> tried = new HashSet<>();
            for (int attempt = 1; attempt <= 3; attempt++) {
                SimulatedAgent host = awaitHost(agents, id);
                assertThat(tried.add(host.id())).as("a rescheduled build goes to another host").isTrue();
                assertThat(usedVcpus(host)).isEqualTo(1);
                JsonNode spec = host.spec(id);
                host.set(id, Map.of("power_state", "nostate", "attempted_revision", spec.get("revision").longValue(),
                        "error", Map.of("message", "Image is corrupt: qcow2 header invalid (attempt " + attempt + ")")));
                host.report();
                assertThat(usedVcpus(host)).as("the failed host's claim is released").isZero();
            }
            JsonNode failed = fixture.awaitServer(tenant.token(), id, status("ERROR"), "ERROR");
            assertThat(failed.at("/fault/code").intValue()).isEqualTo(500);
            assertThat(failed.at("/fault/message").stringValue()).startsWith("Exceeded maximum number of retries");
            assertThat(fixture.server(admin, id).at("/fault/details").stringValue()).contains("attempt 3");
            for (SimulatedAgent agent : agents) {
                assertThat(usedVcpus(agent)).isZero();
                assertThat(agent.spec(id)).isNull();
            }
            assertThat(fixture.nova("DELETE", "/servers/" + id, tenant.token(), null).status())
                    .as("a server in ERROR can be deleted").isEqualTo(204);
        } finally {
            agents.forEach(SimulatedAgent::close);
        }
    }

    @Test
    void aServerWhoseHostStopsHeartbeatingShowsUnknownUntilTheHostIsBack() {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String id = fixture.createServer(tenant.token(), zoned("orphan", flavor, image));
            agent.converge();
            fixture.awaitServer(tenant.token(), id, status("ACTIVE"), "ACTIVE");
            agent.silence();
            JsonNode unknown = fixture.awaitServer(admin, id, status("UNKNOWN"), "UNKNOWN");
            assertThat(unknown.get("OS-EXT-STS:power_state").intValue()).isZero();
            assertThat(unknown.get("host_status").stringValue()).isEqualTo("UNKNOWN");
            assertThat(unknown.get("OS-EXT-STS:vm_state").stringValue()).as("the last known state is kept")
                    .isEqualTo("active");
            JsonNode hypervisor = fixture.nova("GET", "/os-hypervisors/" + agent.id(), admin, null, "2.53").json()
                    .get("hypervisor");
            assertThat(hypervisor.get("state").stringValue()).isEqualTo("down");
            String other = fixture.createServer(tenant.token(), zoned("nowhere", flavor, image));
            JsonNode noHost = fixture.awaitServer(tenant.token(), other, status("ERROR"), "ERROR");
            assertThat(noHost.at("/fault/message").stringValue()).startsWith("No valid host was found");

            agent.converge();
            assertThat(fixture.server(admin, id).get("status").stringValue()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void aVmThatDiesShowsShutoffAndWithTheHaPolicyIsRestartedWithinItsBudget() {
        try (SimulatedAgent agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone)) {
            String plain = fixture.createServer(tenant.token(), zoned("plain", flavor, image));
            Map<String, Object> haBody = zoned("guarded", flavor, image);
            haBody.put("metadata", Map.of("lightcloud:ha", "true"));
            String guarded = fixture.createServer(tenant.token(), haBody);
            agent.converge();
            fixture.awaitServer(tenant.token(), guarded, status("ACTIVE"), "ACTIVE");
            assertThat(agent.spec(guarded).at("/ha/enabled").booleanValue()).isTrue();

            crash(agent, plain);
            JsonNode stopped = fixture.server(tenant.token(), plain);
            assertThat(stopped.get("status").stringValue()).isEqualTo("SHUTOFF");
            assertThat(agent.spec(plain).get("power").stringValue()).isEqualTo("stopped");

            for (int restart = 1; restart <= 3; restart++) {
                long counter = agent.spec(guarded).at("/reboot/counter").longValue();
                crash(agent, guarded);
                JsonNode restarting = fixture.server(tenant.token(), guarded);
                assertThat(restarting.get("status").stringValue()).isEqualTo("HARD_REBOOT");
                JsonNode spec = agent.spec(guarded);
                assertThat(spec.at("/reboot/counter").longValue()).isEqualTo(counter + 1);
                assertThat(spec.get("power").stringValue()).isEqualTo("running");
                agent.converge();
                assertThat(fixture.server(tenant.token(), guarded).get("status").stringValue()).isEqualTo("ACTIVE");
            }
            crash(agent, guarded);
            assertThat(fixture.server(tenant.token(), guarded).get("status").stringValue())
                    .as("the fourth crash within the window exceeds the budget of 3 restarts").isEqualTo("SHUTOFF");
            List<String> actions = ComputeFixture.ids(fixture.nova("GET", "/servers/" + guarded
                    + "/os-instance-actions", tenant.token(), null).json().get("instanceActions"), "action");
            assertThat(actions).containsExactly("stop", "lightcloud-ha-restart", "lightcloud-ha-restart",
                    "lightcloud-ha-restart", "create");
        }
    }

    @Test
    void serversOfAnAntiAffinityGroupLandOnDifferentHostsUnderConcurrentCreates() throws Exception {
        List<SimulatedAgent> agents = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                agents.add(SimulatedAgent.start(api, admin, unique("host"), 8, 16384, 100, zone));
            }
            ApiClient.Response group = fixture.nova("POST", "/os-server-groups", tenant.token(),
                    Map.of("server_group", Map.of("name", "apart", "policy", "anti-affinity")));
            assertThat(group.status()).as(group.text()).isEqualTo(200);
            String groupId = group.json().at("/server_group/id").stringValue();
            List<Thread> threads = new ArrayList<>();
            List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 4; i++) {
                int n = i;
                Map<String, Object> body = Map.of("server", zoned("apart-" + n, flavor, image),
                        "os:scheduler_hints", Map.of("group", groupId));
                Thread thread = new Thread(() -> statuses.add(fixture.nova("POST", "/servers", tenant.token(), body)
                        .status()));
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(statuses).containsOnly(202);
            JsonNode members = fixture.nova("GET", "/os-server-groups/" + groupId, tenant.token(), null).json()
                    .at("/server_group/members");
            assertThat(members).hasSize(4);
            Map<String, Integer> perHost = new HashMap<>();
            int errors = 0;
            for (JsonNode member : members) {
                JsonNode server = fixture.server(admin, member.stringValue());
                if (server.get("status").stringValue().equals("ERROR")) {
                    errors++;
                } else {
                    perHost.merge(server.get("OS-EXT-SRV-ATTR:host").stringValue(), 1, Integer::sum);
                }
            }
            assertThat(perHost.values()).as("one member per host").containsOnly(1);
            assertThat(perHost).hasSize(3);
            assertThat(errors).as("the fourth member has no host left").isEqualTo(1);
        } finally {
            agents.forEach(SimulatedAgent::close);
        }
    }

    private void crash(SimulatedAgent agent, String id) {
        agent.converge();
        JsonNode spec = agent.spec(id);
        agent.set(id, Map.of("power_state", "crashed", "applied_revision", spec.get("revision").longValue(),
                "applied_reboot", spec.at("/reboot/counter").longValue()));
        agent.report();
    }

    private SimulatedAgent awaitHost(List<SimulatedAgent> agents, String id) {
        for (int i = 0; i < 100; i++) {
            for (SimulatedAgent agent : agents) {
                if (agent.spec(id) != null) {
                    return agent;
                }
            }
            ComputeFixture.sleep(100);
        }
        throw new AssertionError("server " + id + " was not scheduled to any host");
    }

    private int usedVcpus(SimulatedAgent agent) {
        return fixture.nova("GET", "/os-hypervisors/" + agent.id(), admin, null, "2.53").json()
                .at("/hypervisor/vcpus_used").intValue();
    }
}
