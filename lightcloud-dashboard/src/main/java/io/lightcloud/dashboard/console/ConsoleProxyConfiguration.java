package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.agent.AgentAuthenticator;
import io.lightcloud.compute.console.ConsoleTokens;
import io.lightcloud.compute.host.HostRepository;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * The web VNC console: {@code /lightcloud/v1/console/websockify?token=...} is the WebSocket noVNC opens from the page
 * the remote-console API's URL leads to. Same-origin only (Spring's default for WebSocket handshakes). Consoles of
 * remote hosts come through {@code /lightcloud/v1/agent/console-tunnels/{id}}, the WebSocket their agents connect.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class ConsoleProxyConfiguration implements WebSocketConfigurer {
    public static final String PATH = "/lightcloud/v1/console/websockify";
    public static final String TUNNEL_PATH_PREFIX = "/lightcloud/v1/agent/console-tunnels/";
    private static final Duration TUNNEL_TIMEOUT = Duration.ofSeconds(10);

    private final ConsoleTokens tokens;
    private final HostRepository hosts;
    private final AgentAuthenticator agentAuthenticator;
    private final AgentTunnels tunnels = new AgentTunnels();

    public ConsoleProxyConfiguration(ConsoleTokens tokens, HostRepository hosts,
            AgentAuthenticator agentAuthenticator) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.agentAuthenticator = requireNonNull(agentAuthenticator, "agentAuthenticator is null");
    }

    @Bean
    AgentTunnels agentTunnels() {
        return tunnels;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        VncConnector connector = new LocalVncConnector(hosts, new AgentTunnelConnector(tunnels, TUNNEL_TIMEOUT));
        // Spring checks the origin only after the registered interceptors, which would spend the one-time token of
        // a refused cross-origin handshake; checking it first keeps the token for the real console page.
        registry.addHandler(new VncProxyHandler(connector), PATH)
                .addInterceptors(new OriginHandshakeInterceptor(), new ConsoleTokenHandshake(tokens));
        registry.addHandler(new AgentTunnelHandler(), TUNNEL_PATH_PREFIX + "*")
                .addInterceptors(new AgentTunnelHandshake(agentAuthenticator, tunnels));
    }
}
