package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.console.ConsoleTokens;
import io.lightcloud.compute.host.HostRepository;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The web VNC console: {@code /lightcloud/v1/console/websockify?token=...} is the WebSocket noVNC opens from the page
 * the remote-console API's URL leads to. Same-origin only (Spring's default for WebSocket handshakes).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class ConsoleProxyConfiguration implements WebSocketConfigurer {
    public static final String PATH = "/lightcloud/v1/console/websockify";

    private final ConsoleTokens tokens;
    private final HostRepository hosts;

    public ConsoleProxyConfiguration(ConsoleTokens tokens, HostRepository hosts) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new VncProxyHandler(new LocalVncConnector(hosts)), PATH)
                .addInterceptors(new ConsoleTokenHandshake(tokens));
    }
}
