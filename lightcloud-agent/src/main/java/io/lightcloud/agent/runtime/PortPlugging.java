package io.lightcloud.agent.runtime;

/**
 * The network side of a server's NICs on this host: before QEMU opens a NIC's tap device, the device must exist and
 * sit on its network's bridge with its firewall rules, so the guest's first DHCP request is answered.
 */
@FunctionalInterface
public interface PortPlugging {
    /** For hosts without the network data plane (tests of the compute side only): QEMU creates bare taps. */
    PortPlugging NONE = portId -> { };

    /** Creates and wires the tap device of the port if needed; idempotent. */
    void plug(String portId);
}
