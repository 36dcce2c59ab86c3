package io.lightcloud.common.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What compute needs from the network service for Nova's deprecated {@code os-floating-ips} proxy, which clients
 * such as Prometheus's OpenStack discovery still read: a project's floating IPs and the server each is associated
 * with. Implemented by the network module.
 */
public interface ProjectFloatingIps {
    /** The project's floating IPs, by address. */
    List<FloatingIp> list(String projectId);

    Optional<FloatingIp> find(String projectId, String floatingIpId);

    /**
     * A floating IP as Nova shows it: {@code pool} is the external network's name; {@code fixedAddress} and
     * {@code instanceId} are null unless it is associated with a server's port.
     */
    record FloatingIp(String id, String address, String pool, String fixedAddress, String instanceId) {
        public FloatingIp {
            requireNonNull(id, "id is null");
            requireNonNull(address, "address is null");
        }
    }
}
