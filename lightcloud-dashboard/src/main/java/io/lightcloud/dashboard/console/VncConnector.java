package io.lightcloud.dashboard.console;

import io.lightcloud.compute.console.ConsoleTokens;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Opens a byte stream to the VNC server of a redeemed console token's server. VNC listens on 127.0.0.1 of the
 * server's hypervisor host; {@link LocalVncConnector} reaches the hosts that are this machine and
 * {@link AgentTunnelConnector} the others, through their agents.
 */
public interface VncConnector {
    VncStream connect(ConsoleTokens.Target target) throws IOException;

    /** Both directions of a VNC connection. */
    interface VncStream extends Closeable {
        InputStream input();

        OutputStream output();
    }
}
