package io.lightcloud.agent.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.controller.ControllerClient;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.driver.VncEndpoint;
import io.lightcloud.agent.protocol.ConsoleTunnelRequest;
import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the console tunnels the controller asks for ({@code docs/agent-protocol.md}, "Console tunnels"): a long-poll
 * for requests, and for each a thread that connects the VM's VNC (found through the driver, so only this host's
 * running VMs can be reached) and the tunnel WebSocket. When the VNC cannot be reached, the WebSocket is connected and
 * closed at once, so the controller tells the browser without waiting for its timeout.
 */
public final class ConsoleTunnelLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleTunnelLoop.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final ControllerClient controller;
    private final VirtDriver driver;
    private final VncDialer dialer;
    private final Duration pollWait;
    private volatile boolean running;
    private Thread poller;

    public ConsoleTunnelLoop(ControllerClient controller, VirtDriver driver, VncDialer dialer, Duration pollWait) {
        this.controller = requireNonNull(controller, "controller");
        this.driver = requireNonNull(driver, "driver");
        this.dialer = requireNonNull(dialer, "dialer");
        this.pollWait = requireNonNull(pollWait, "pollWait");
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        poller = new Thread(this::pollLoop, "agent-console-tunnels");
        poller.setDaemon(true);
        poller.start();
    }

    /** Stops polling; open tunnels go on until either side closes them. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        poller.interrupt();
    }

    private void pollLoop() {
        while (running) {
            try {
                for (ConsoleTunnelRequest tunnel : controller.consoleTunnels(pollWait).tunnels()) {
                    String instanceId = tunnel.instanceId();
                    String path = tunnel.path();
                    Thread worker = new Thread(() -> open(instanceId, path), "console-tunnel-" + instanceId);
                    worker.setDaemon(true);
                    worker.start();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("console tunnel poll failed, retrying in {} s error=\"{}\"", RETRY.toSeconds(),
                        e.getMessage());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void open(String instanceId, String path) {
        VncDialer.Connection vnc;
        try {
            VncEndpoint endpoint = driver.vncEndpoint(instanceId);
            vnc = dialer.dial(endpoint);
        } catch (IOException | RuntimeException e) {
            log.warn("console tunnel refused instance={} error=\"{}\"", instanceId, e.getMessage());
            vnc = null;
        }
        if (vnc == null) {
            try {
                controller.webSocket(path, new WebSocket.Listener() { })
                        .sendClose(4404, "the server's VNC is not reachable on its host").join();
            } catch (RuntimeException e) {
                log.debug("closing refused console tunnel instance={} error=\"{}\"", instanceId, e.getMessage());
            }
            return;
        }
        log.info("console tunnel opened instance={}", instanceId);
        new ConsoleTunnel(instanceId, vnc).run(listener -> controller.webSocket(path, listener));
    }
}
