package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.network.NetworkSettings;
import java.net.URI;
import java.time.Duration;

/**
 * How an agent reaches its controller and how often it looks at its VMs.
 *
 * @param controllerUrl the controller's base URL (the agent paths are resolved against it)
 * @param credential the host credential {@code <host id>:<secret>}
 * @param hostname the name the credential was created for; null takes the driver's host name
 * @param availabilityZone sent at registration; null keeps the zone the admin gave
 * @param hostIp the management address shown to admins; null if unknown
 * @param pollWait how long one desired-state long-poll may be held by the controller
 * @param monitorInterval how often the driver is asked for the VMs' states (and console logs are pushed)
 * @param stopTimeout how long a guest gets to power off after the ACPI button before it is stopped hard
 * @param network how the host's networks are wired; null when the agent does not run the network data plane
 */
public record AgentSettings(URI controllerUrl, String credential, String hostname, String availabilityZone,
        String hostIp, Duration pollWait, Duration monitorInterval, Duration stopTimeout, NetworkSettings network) {
    public AgentSettings {
        requireNonNull(controllerUrl, "controllerUrl");
        requireNonNull(credential, "credential");
        requireNonNull(pollWait, "pollWait");
        requireNonNull(monitorInterval, "monitorInterval");
        requireNonNull(stopTimeout, "stopTimeout");
        if (!credential.matches("[^:\\s]+:\\S+")) {
            throw new IllegalArgumentException("the credential must look like <host id>:<secret>");
        }
        String url = controllerUrl.toString();
        controllerUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public static AgentSettings defaults(URI controllerUrl, String credential) {
        return new AgentSettings(controllerUrl, credential, null, null, null, Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(30), null);
    }

    public AgentSettings withHostname(String name) {
        return new AgentSettings(controllerUrl, credential, name, availabilityZone, hostIp, pollWait,
                monitorInterval, stopTimeout, network);
    }

    public AgentSettings withAvailabilityZone(String zone) {
        return new AgentSettings(controllerUrl, credential, hostname, zone, hostIp, pollWait, monitorInterval,
                stopTimeout, network);
    }

    public AgentSettings withHostIp(String ip) {
        return new AgentSettings(controllerUrl, credential, hostname, availabilityZone, ip, pollWait,
                monitorInterval, stopTimeout, network);
    }

    public AgentSettings withStopTimeout(Duration timeout) {
        return new AgentSettings(controllerUrl, credential, hostname, availabilityZone, hostIp, pollWait,
                monitorInterval, timeout, network);
    }

    public AgentSettings withNetwork(NetworkSettings networkSettings) {
        return new AgentSettings(controllerUrl, credential, hostname, availabilityZone, hostIp, pollWait,
                monitorInterval, stopTimeout, networkSettings);
    }
}
