package io.lightcloud.agent.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One console tunnel the controller asks an agent to open: connect to the VNC of {@code instanceId} and to the
 * controller's WebSocket at {@code path} (docs/agent-protocol.md, "Console tunnels").
 */
public record ConsoleTunnelRequest(String id, @JsonProperty("instance_id") String instanceId, String path) {
    public ConsoleTunnelRequest {
        requireNonNull(id, "id is null");
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(path, "path is null");
    }
}
