package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.host.HostSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The answer to a desired-state poll. The host's generation is read before the specs, so a change committed in
 * between shows up in the specs or, at the latest, as a newer generation on the agent's next poll.
 */
@Component
public class DesiredStates {
    private final HostRepository hosts;
    private final HostSettings hostSettings;
    private final InstanceSpecs specs;

    public DesiredStates(HostRepository hosts, HostSettings hostSettings, InstanceSpecs specs) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.hostSettings = requireNonNull(hostSettings, "hostSettings is null");
        this.specs = requireNonNull(specs, "specs is null");
    }

    public Map<String, Object> of(String hostId) {
        ComputeHost host = hosts.find(hostId).orElseThrow(() -> ApiException.notFound("Host " + hostId + " is gone."));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("generation", host.desiredGeneration());
        answer.put("host", Map.of("id", host.id(), "hostname", host.hostname(), "enabled", host.enabled(),
                "heartbeat_interval_seconds", hostSettings.heartbeatInterval().toSeconds()));
        answer.put("instances", specs.forHost(hostId));
        return answer;
    }
}
