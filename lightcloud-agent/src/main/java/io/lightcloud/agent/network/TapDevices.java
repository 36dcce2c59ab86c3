package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tap device of a VM port. QEMU opens it by name; an existing link of that name (a veth in tests) is used as it
 * is, so only its MTU, bridge and state are converged.
 */
public final class TapDevices {
    private static final Logger log = LoggerFactory.getLogger(TapDevices.class);

    private final NetworkCommands commands;

    public TapDevices(NetworkCommands commands) {
        this.commands = requireNonNull(commands, "commands");
    }

    /** {@code bridge} null only makes sure the device exists (its network is not known yet). */
    public void ensure(String portId, Integer mtu, String bridge, boolean up, LinkTable links) {
        String tap = DeviceNames.tap(portId);
        if (!links.exists(tap)) {
            commands.host("ip", "tuntap", "add", "dev", tap, "mode", "tap");
            log.info("tap created device={} port={}", tap, portId);
        }
        if (bridge == null) {
            return;
        }
        if (!links.matches(tap, mtu, bridge, up)) {
            commands.host("ip", "link", "set", "dev", tap, "mtu", String.valueOf(mtu), "master", bridge,
                    up ? "up" : "down");
            log.info("tap plugged device={} bridge={} mtu={} up={}", tap, bridge, mtu, up);
        }
    }
}
