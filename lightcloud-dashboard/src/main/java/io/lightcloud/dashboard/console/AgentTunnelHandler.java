package io.lightcloud.dashboard.console;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;

/**
 * The controller's end of an agent's console tunnel: each connected tunnel becomes a {@link TunnelStream} handed to
 * the console connector waiting for it. Frames may arrive in parts; the tunnel carries a byte stream, so parts are
 * passed on as they come.
 */
public class AgentTunnelHandler extends BinaryWebSocketHandler {
    private final Map<String, TunnelStream> streams = new ConcurrentHashMap<>();

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        AgentTunnels.Pending tunnel = (AgentTunnels.Pending) session.getAttributes().get(AgentTunnelHandshake.TUNNEL);
        TunnelStream stream = new TunnelStream(session);
        streams.put(session.getId(), stream);
        if (!tunnel.stream().complete(stream)) {
            stream.closeQuietly();
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        TunnelStream stream = streams.get(session.getId());
        if (stream != null) {
            ByteBuffer payload = message.getPayload();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            stream.received(bytes);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        TunnelStream stream = streams.remove(session.getId());
        if (stream != null) {
            stream.ended();
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }
}
