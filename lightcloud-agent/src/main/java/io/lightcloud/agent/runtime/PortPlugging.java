package io.lightcloud.agent.runtime;

import io.lightcloud.agent.driver.Nic;

/**
 * The network side of a server's NICs on this host: before QEMU opens a NIC's tap device, the device must exist and
 * sit on its network's bridge with its firewall rules, so the guest's first DHCP request is answered.
 */
@FunctionalInterface
public interface PortPlugging {
    /** For hosts without the network data plane (tests of the compute side only): QEMU creates bare taps. */
    PortPlugging NONE = nic -> { };

    /** Creates and wires the tap device of {@code nic} if needed; idempotent. */
    void plug(Nic nic);
}
