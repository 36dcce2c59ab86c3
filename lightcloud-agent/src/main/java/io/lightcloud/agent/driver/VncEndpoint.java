package io.lightcloud.agent.driver;

import static java.util.Objects.requireNonNull;

/** Where an instance's VNC server listens on the hypervisor host (loopback only; the console proxy connects). */
public record VncEndpoint(String host, int port) {
    public VncEndpoint {
        requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port);
        }
    }
}
