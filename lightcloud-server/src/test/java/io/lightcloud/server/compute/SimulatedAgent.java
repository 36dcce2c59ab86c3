package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A test acting as a host's agent over the agent protocol: it registers a host, heartbeats, reads its desired
 * state and reports observed state, without running VMs. It stands in for the real agent (lightcloud-agent's
 * reconciler around the QEMU driver) until that is wired to the controller; the end-to-end tests that boot real
 * guests replace it then. {@link #converge()} reports what a healthy agent would after applying the desired state;
 * the other methods let a test report failures, crashes and silence.
 */
final class SimulatedAgent implements AutoCloseable {
    private final ApiClient api;
    private final String hostId;
    private final String hostname;
    private final String credential;
    private final Map<String, Map<String, Object>> observed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private volatile long generation = -1;

    private SimulatedAgent(ApiClient api, String hostId, String hostname, String credential) {
        this.api = api;
        this.hostId = hostId;
        this.hostname = hostname;
        this.credential = credential;
    }

    /** Creates the host's credential as the admin, registers the host and starts heartbeating every second. */
    static SimulatedAgent start(ApiClient api, String adminToken, String hostname, int vcpus, long memoryMb,
            long diskGb, String zone) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("hostname", hostname);
        if (zone != null) {
            host.put("availability_zone", zone);
        }
        ApiClient.Response created = api.post("/lightcloud/v1/hosts", adminToken, Map.of("host", host));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String credential = created.json().at("/host/credential").stringValue();
        SimulatedAgent agent = new SimulatedAgent(api, created.json().at("/host/id").stringValue(), hostname,
                credential);
        agent.register(vcpus, memoryMb, diskGb);
        agent.heartbeats.scheduleWithFixedDelay(agent::heartbeat, 1, 1, TimeUnit.SECONDS);
        return agent;
    }

    String id() {
        return hostId;
    }

    String hostname() {
        return hostname;
    }

    String credential() {
        return credential;
    }

    void register(int vcpus, long memoryMb, long diskGb) {
        register(vcpus, memoryMb, diskGb, "127.0.0.1");
    }

    /** Registers again with these resources and management address. */
    void register(int vcpus, long memoryMb, long diskGb, String hostIp) {
        ApiClient.Response registered = call("POST", "/lightcloud/v1/agent/register", Map.of("host", Map.of(
                "hostname", hostname, "vcpus", vcpus, "memory_mb", memoryMb, "disk_gb", diskGb,
                "cpu_info", Map.of("arch", "x86_64", "model", "qemu64"), "hypervisor_type", "qemu",
                "hypervisor_version", "7.2.0", "host_ip", hostIp, "agent_version", "simulated")));
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
    }

    /** Stops heartbeating, as an agent whose host died would. */
    void silence() {
        heartbeats.shutdownNow();
    }

    ApiClient.Response call(String method, String path, Object body) {
        return api.send(method, path, null, body, Map.of("Authorization", "Bearer " + credential));
    }

    /** The desired state, waiting up to {@code waitSeconds} for a change after the generation last read. */
    JsonNode desired(int waitSeconds) {
        ApiClient.Response response = call("GET", "/lightcloud/v1/agent/desired?since=" + generation + "&wait="
                + waitSeconds, null);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        generation = response.json().get("generation").longValue();
        return response.json();
    }

    JsonNode spec(String instanceId) {
        for (JsonNode spec : desired(0).get("instances")) {
            if (spec.get("id").stringValue().equals(instanceId)) {
                return spec;
            }
        }
        return null;
    }

    /** Applies the desired state as a healthy agent would and reports the result. */
    JsonNode converge() {
        JsonNode desired = desired(0);
        Map<String, Map<String, Object>> next = new LinkedHashMap<>();
        for (JsonNode spec : desired.get("instances")) {
            String id = spec.get("id").stringValue();
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("id", id);
            instance.put("power_state", switch (spec.get("power").stringValue()) {
                case "running" -> "running";
                case "stopped" -> "shutdown";
                case "paused" -> "paused";
                default -> "suspended";
            });
            instance.put("applied_revision", spec.get("revision").longValue());
            instance.put("applied_reboot", spec.at("/reboot/counter").longValue());
            instance.put("vnc", Map.of("host", "127.0.0.1", "port", 5900 + next.size()));
            List<String> volumes = new ArrayList<>();
            spec.get("volumes").forEach(v -> volumes.add(v.get("volume_id").stringValue()));
            instance.put("volumes", volumes);
            next.put(id, instance);
        }
        observed.clear();
        observed.putAll(next);
        report();
        return desired;
    }

    /** Reports one server as the agent sees it now, keeping the others as last reported. */
    void set(String instanceId, Map<String, Object> state) {
        Map<String, Object> instance = new LinkedHashMap<>(state);
        instance.put("id", instanceId);
        observed.put(instanceId, instance);
    }

    void forget(String instanceId) {
        observed.remove(instanceId);
    }

    void report() {
        ApiClient.Response response = call("POST", "/lightcloud/v1/agent/observed",
                Map.of("resources", Map.of("memory_mb_free", 1024), "uptime",
                        " 10:00:00 up 1 day,  1:00,  0 users,  load average: 0.00, 0.00, 0.00",
                        "instances", new ArrayList<>(observed.values())));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    private void heartbeat() {
        try {
            call("POST", "/lightcloud/v1/agent/heartbeat", Map.of("resources", Map.of("running_vms", observed.size())));
        } catch (RuntimeException e) {
            // The server may be stopping at the end of the test run; the next beat tries again.
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
