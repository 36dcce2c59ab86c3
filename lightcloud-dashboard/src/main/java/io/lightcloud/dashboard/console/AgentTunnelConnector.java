package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.console.ConsoleTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reaches a remote host's VNC through a tunnel its agent opens on request ({@link AgentTunnels}). */
public class AgentTunnelConnector implements VncConnector {
    private final AgentTunnels tunnels;
    private final Duration timeout;

    public AgentTunnelConnector(AgentTunnels tunnels, Duration timeout) {
        this.tunnels = requireNonNull(tunnels, "tunnels is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    public VncStream connect(ConsoleTokens.Target target) throws IOException {
        AgentTunnels.Pending tunnel = tunnels.open(target.hostId(), target.instanceId());
        try {
            return tunnel.stream().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // A tunnel that connects after this closes at once (its stream can no longer be completed).
            tunnel.stream().cancel(false);
            throw new IOException("the agent of host " + target.hostId() + " did not open a console tunnel within "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException("console tunnel to host " + target.hostId() + " failed", e.getCause());
        } catch (InterruptedException e) {
            tunnel.stream().cancel(false);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a console tunnel", e);
        } finally {
            tunnels.abandon(tunnel);
        }
    }
}
