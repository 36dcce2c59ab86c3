package io.lightcloud.agent.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.VncEndpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** Opens a byte stream to a VNC server of this host. */
@FunctionalInterface
public interface VncDialer {
    int CONNECT_TIMEOUT_MILLIS = 5_000;

    Connection dial(VncEndpoint endpoint) throws IOException;

    /** Both directions of a connection. */
    interface Connection extends Closeable {
        InputStream input();

        OutputStream output();
    }

    /** A TCP connection from the agent's own network namespace. */
    static VncDialer tcp() {
        return endpoint -> {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MILLIS);
                return new SocketConnection(socket, socket.getInputStream(), socket.getOutputStream());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }

    /**
     * A TCP connection made inside another network namespace (where an agent that treats a namespace as its host
     * starts QEMU), through {@code ip netns exec <namespace> socat}: a process cannot enter a namespace for one
     * connection.
     */
    static VncDialer inNamespace(String namespace) {
        requireNonNull(namespace, "namespace");
        return endpoint -> {
            Process process = new ProcessBuilder(List.of("ip", "netns", "exec", namespace, "socat", "STDIO",
                    "TCP:" + endpoint.host() + ":" + endpoint.port() + ",nodelay"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return new ProcessConnection(process, process.getInputStream(), process.getOutputStream());
        };
    }

    /** A socket as a connection. */
    record SocketConnection(Socket socket, InputStream input, OutputStream output) implements Connection {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A relay process's standard input and output as a connection. */
    record ProcessConnection(Process process, InputStream input, OutputStream output) implements Connection {
        @Override
        public void close() {
            process.destroy();
        }
    }
}
