package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.console.ConsoleTokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;

/**
 * Pumps bytes between a console WebSocket (noVNC, subprotocol {@code binary}) and the server's VNC: browser frames
 * are written to the VNC socket as they arrive, and one thread per session forwards what the VNC server sends. Either
 * side closing closes the other.
 */
public class VncProxyHandler extends BinaryWebSocketHandler implements SubProtocolCapable {
    private static final Logger log = LoggerFactory.getLogger(VncProxyHandler.class);
    private static final int CHUNK = 64 * 1024;

    private final VncConnector connector;
    private final Map<String, VncConnector.VncStream> streams = new ConcurrentHashMap<>();

    public VncProxyHandler(VncConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of("binary");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        ConsoleTokens.Target target = (ConsoleTokens.Target) session.getAttributes().get(ConsoleTokenHandshake.TARGET);
        VncConnector.VncStream stream;
        try {
            stream = connector.connect(target);
        } catch (IOException e) {
            log.warn("console of server {}: {}", target.instanceId(), e.getMessage());
            session.close(CloseStatus.SERVER_ERROR.withReason("The server's console cannot be reached."));
            return;
        }
        streams.put(session.getId(), stream);
        Thread pump = new Thread(() -> forward(stream.input(), session), "vnc-proxy-" + target.instanceId());
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
        VncConnector.VncStream stream = streams.get(session.getId());
        if (stream == null) {
            return;
        }
        ByteBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        stream.output().write(bytes);
        stream.output().flush();
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws IOException {
        VncConnector.VncStream stream = streams.remove(session.getId());
        if (stream != null) {
            stream.close();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) throws IOException {
        session.close(CloseStatus.SERVER_ERROR);
    }

    private void forward(InputStream vnc, WebSocketSession session) {
        byte[] buffer = new byte[CHUNK];
        try {
            int read;
            while ((read = vnc.read(buffer)) >= 0) {
                session.sendMessage(new BinaryMessage(ByteBuffer.wrap(buffer, 0, read).slice().asReadOnlyBuffer()));
            }
            session.close(CloseStatus.NORMAL.withReason("The console closed."));
        } catch (IOException e) {
            closeQuietly(session);
        }
    }

    private static void closeQuietly(WebSocketSession session) {
        try {
            session.close(CloseStatus.GOING_AWAY);
        } catch (IOException e) {
            log.debug("closing console session {}", session.getId(), e);
        }
    }
}
