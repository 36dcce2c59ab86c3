package io.lightcloud.agent.protocol;

import java.util.List;

/** The answer to an agent's console-tunnel long-poll: the tunnels to open now, possibly none. */
public record ConsoleTunnelRequests(List<ConsoleTunnelRequest> tunnels) {
    public ConsoleTunnelRequests {
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
    }
}
