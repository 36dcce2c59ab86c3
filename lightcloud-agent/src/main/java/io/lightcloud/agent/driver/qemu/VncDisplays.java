package io.lightcloud.agent.driver.qemu;

import io.lightcloud.agent.driver.DriverException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out VNC display numbers (TCP port 5900 + display on 127.0.0.1) so that no two instances of this host share
 * one. Displays recorded in instance records are claimed when the driver starts; a display whose port something
 * else has bound is skipped.
 */
final class VncDisplays {
    static final int BASE_PORT = 5900;
    static final String LISTEN_ADDRESS = "127.0.0.1";

    private final int first;
    private final int count;
    private final Map<Integer, String> owners = new HashMap<>();

    VncDisplays(int first, int count) {
        this.first = first;
        this.count = count;
    }

    /** Records that an instance owns a display; false if another instance already does. */
    synchronized boolean claim(int display, String instanceId) {
        String owner = owners.putIfAbsent(display, instanceId);
        return owner == null || owner.equals(instanceId);
    }

    /** A free display whose port can be bound right now, claimed for the instance. */
    synchronized int allocate(String instanceId) {
        for (int display = first; display < first + count; display++) {
            if (!owners.containsKey(display) && portFree(display)) {
                owners.put(display, instanceId);
                return display;
            }
        }
        throw new DriverException("no free VNC display in " + first + ".." + (first + count - 1));
    }

    synchronized void release(int display, String instanceId) {
        owners.remove(display, instanceId);
    }

    synchronized void releaseAll(String instanceId) {
        owners.values().removeIf(instanceId::equals);
    }

    static int port(int display) {
        return BASE_PORT + display;
    }

    static boolean portFree(int display) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LISTEN_ADDRESS), port(display)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
