package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.console.ConsoleTokens;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;

/**
 * Connects over TCP to the VNC servers of hosts that are this machine: those whose registered address is a loopback
 * address or one of this machine's (the all-in-one controller's own agent registers 127.0.0.1). Every other host's
 * VNC is bound to its own 127.0.0.1, so its consoles go through the agent tunnel ({@link AgentTunnelConnector}).
 */
public class LocalVncConnector implements VncConnector {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HostRepository hosts;
    private final VncConnector remote;

    public LocalVncConnector(HostRepository hosts, VncConnector remote) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.remote = requireNonNull(remote, "remote is null");
    }

    @Override
    public VncStream connect(ConsoleTokens.Target target) throws IOException {
        if (target.vncHost() == null || target.vncPort() == null) {
            throw new IOException("Server " + target.instanceId() + " has no VNC endpoint reported by its host.");
        }
        String hostIp = hosts.find(target.hostId()).map(ComputeHost::hostIp).orElse(null);
        if (hostIp == null || !isThisMachine(hostIp)) {
            return remote.connect(target);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.vncHost(), target.vncPort()),
                    Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            return new SocketStream(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static boolean isThisMachine(String address) {
        try {
            InetAddress ip = InetAddress.getByName(address);
            return ip.isLoopbackAddress() || ip.isAnyLocalAddress() || NetworkInterface.getByInetAddress(ip) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private record SocketStream(Socket socket, InputStream input, OutputStream output) implements VncStream {
        SocketStream(Socket socket) throws IOException {
            this(socket, socket.getInputStream(), socket.getOutputStream());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
