package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.compute.agent.AgentAuthenticator;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Admits an agent's tunnel WebSocket only with its host credential and the id of a tunnel requested from that host;
 * a missing or wrong credential is 401, an unknown, used or other host's tunnel 403, both before the upgrade.
 */
public class AgentTunnelHandshake implements HandshakeInterceptor {
    static final String TUNNEL = AgentTunnels.Pending.class.getName();

    private final AgentAuthenticator authenticator;
    private final AgentTunnels tunnels;

    public AgentTunnelHandshake(AgentAuthenticator authenticator, AgentTunnels tunnels) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.tunnels = requireNonNull(tunnels, "tunnels is null");
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        Optional<AgentHost> host = authenticator.authenticate(request.getHeaders().getFirst("Authorization"));
        if (host.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        String path = request.getURI().getPath();
        String tunnelId = path.substring(path.lastIndexOf('/') + 1);
        Optional<AgentTunnels.Pending> tunnel = tunnels.attach(tunnelId, host.get().id());
        if (tunnel.isEmpty()) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        attributes.put(TUNNEL, tunnel.get());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // A failed upgrade leaves the pending tunnel incomplete; the console connector gives up after its timeout.
    }
}
