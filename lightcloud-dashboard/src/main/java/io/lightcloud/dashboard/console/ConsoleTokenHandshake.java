package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.console.ConsoleTokens;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Admits a console WebSocket only with a valid console token in its {@code token} query parameter, redeeming it (so
 * the token opens this one session) and handing its target to {@link VncProxyHandler}. Anything else is a 403
 * before the upgrade.
 */
public class ConsoleTokenHandshake implements HandshakeInterceptor {
    static final String TARGET = ConsoleTokens.Target.class.getName();

    private final ConsoleTokens tokens;

    public ConsoleTokenHandshake(ConsoleTokens tokens) {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("token");
        Optional<ConsoleTokens.Target> target = token == null || token.isEmpty()
                ? Optional.empty()
                : tokens.redeem(URLDecoder.decode(token, StandardCharsets.UTF_8));
        if (target.isEmpty()) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        attributes.put(TARGET, target.get());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
