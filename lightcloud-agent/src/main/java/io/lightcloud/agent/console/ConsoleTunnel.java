package io.lightcloud.agent.console;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console tunnel: the bytes of a local VNC connection and the controller's tunnel WebSocket, pumped both ways
 * until either side closes, which closes the other. The VNC side is read on the calling thread; what the controller
 * sends is written from the WebSocket's listener, which asks for the next frame only after the write.
 */
final class ConsoleTunnel implements WebSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(ConsoleTunnel.class);
    private static final int CHUNK = 64 * 1024;

    private final String instanceId;
    private final VncDialer.Connection vnc;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebSocket webSocket;

    ConsoleTunnel(String instanceId, VncDialer.Connection vnc) {
        this.instanceId = requireNonNull(instanceId, "instanceId");
        this.vnc = requireNonNull(vnc, "vnc");
    }

    /** Connects the WebSocket with {@code connect} and pumps until the tunnel closes. */
    void run(Function<WebSocket.Listener, WebSocket> connect) {
        try {
            webSocket = connect.apply(this);
            pumpVncToController();
        } catch (RuntimeException e) {
            log.warn("console tunnel failed instance={} error=\"{}\"", instanceId, e.getMessage());
        } finally {
            close();
        }
    }

    private void pumpVncToController() {
        byte[] buffer = new byte[CHUNK];
        InputStream input = vnc.input();
        try {
            int read;
            while ((read = input.read(buffer)) >= 0) {
                webSocket.sendBinary(ByteBuffer.wrap(buffer, 0, read), true).get();
            }
        } catch (IOException | ExecutionException e) {
            if (!closed.get()) {
                log.debug("console tunnel ended instance={} error=\"{}\"", instanceId, e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        try {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            vnc.output().write(bytes);
            vnc.output().flush();
            socket.request(1);
        } catch (IOException e) {
            close();
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        close();
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        close();
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            vnc.close();
        } catch (IOException e) {
            log.debug("closing VNC connection of instance {}", instanceId, e);
        }
        WebSocket socket = webSocket;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        log.info("console tunnel closed instance={}", instanceId);
    }
}
