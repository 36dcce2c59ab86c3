package io.lightcloud.common.network;

import io.lightcloud.common.auth.AuthContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What compute needs from the network service to give servers their NICs, after Nova's network API: allocate ports
 * for a new server (or claim ports the user made), bind them to the host the scheduler chose, show them as the
 * server's {@code addresses}, and free them when the server goes. Implemented by the network module; compute calls it
 * outside its own transactions and undoes an allocation with {@link #release} when its own step fails, so no port or
 * address outlives a failed create.
 */
public interface ServerNetworking {
    /**
     * Checks the requested NICs before anything is created (networks and ports exist, the caller may use them, a
     * port is free, a fixed IP is inside a subnet of the network), so that a bad request fails before scheduling.
     *
     * @throws io.lightcloud.common.api.ApiException 400 for a malformed request, 404 for an unknown or invisible
     *         network or port, 409 for a port in use or an address taken
     */
    void validate(List<NicRequest> requests, AuthContext caller);

    /**
     * Creates a port on each requested network (owned by the caller's project, {@code device_owner} {@code
     * compute:<availability zone>}, {@code device_id} the server) or claims each requested port, in request order.
     * {@link NicRequest#AUTO} picks the one network the project can use (its own, else a shared one). The ports it
     * creates get {@code securityGroups} (names or ids of the caller's groups; empty for the project's
     * {@code default} group); claimed ports keep theirs. All or nothing: on failure nothing of this call remains.
     *
     * @throws io.lightcloud.common.api.ApiException as {@link #validate}, 400 for an unknown security group, and 409
     *         when no address is left ({@code IpAddressGenerationFailure}) or the port quota is exceeded
     */
    List<ServerPort> allocate(String serverId, String availabilityZone, List<NicRequest> requests,
            List<String> securityGroups, AuthContext caller);

    /** Sets {@code binding:host_id} of the server's ports, so the host's agent wires them. Idempotent. */
    void bind(String serverId, String hostId);

    /**
     * Deletes the ports {@link #allocate} created for the server and releases (clears {@code device_id},
     * {@code device_owner} and the binding of) ports the user had made. Idempotent; a server without ports is fine.
     */
    void release(String serverId);

    /** The server's ports in the order they were attached, with their addresses and floating IPs. */
    List<ServerPort> ports(String serverId);

    /** {@link #ports} of several servers in one call (for server lists); servers without ports are absent. */
    Map<String, List<ServerPort>> ports(Collection<String> serverIds);

    /** Hot-plug support ({@code os-interface}): allocates (or claims) one more port for the server. */
    ServerPort attach(String serverId, String availabilityZone, NicRequest request, AuthContext caller);

    /**
     * Detaches one port from the server: deleted if {@link #attach}/{@link #allocate} created it, else released.
     *
     * @throws io.lightcloud.common.api.ApiException 404 when the port is not attached to the server
     */
    void detach(String serverId, String portId);

    /**
     * The server that owns {@code ipAddress} on {@code networkId} (for the metadata service, which identifies an
     * instance by the network the request came in on and its source address).
     */
    Optional<String> serverOf(String networkId, String ipAddress);

    /**
     * One entry of {@code networks} in a create request: a network (optionally with a fixed IP), or a port, or
     * {@link #AUTO}.
     */
    record NicRequest(String networkId, String portId, String fixedIp, String tag) {
        /** Nova's {@code "networks": "auto"}: one port on the network the project can use. */
        public static final NicRequest AUTO = new NicRequest(null, null, null, null);

        public boolean isAuto() {
            return networkId == null && portId == null;
        }
    }

    /** A port as compute shows and wires it; {@code securityGroups} are the names of the port's groups. */
    record ServerPort(String portId, String networkId, String networkName, String macAddress, int mtu,
            boolean createdForServer, List<FixedIp> fixedIps, List<String> floatingIps, List<String> securityGroups,
            String tag) {
        public ServerPort {
            fixedIps = List.copyOf(fixedIps);
            floatingIps = List.copyOf(floatingIps);
            securityGroups = List.copyOf(securityGroups);
        }

        /** The tap device of the port on its host, Neutron's {@code "tap" + port_id[:11]}. */
        public String tapDevice() {
            return "tap" + portId.substring(0, Math.min(11, portId.length()));
        }
    }

    /**
     * One fixed address with what the guest needs to configure it statically ({@code network_data.json}): its subnet's
     * CIDR, gateway (null when none), DNS servers and host routes.
     */
    record FixedIp(String subnetId, String ipAddress, int ipVersion, String cidr, String gatewayIp,
            List<String> dnsNameservers, List<HostRoute> hostRoutes, boolean dhcpEnabled) {
        public FixedIp {
            dnsNameservers = List.copyOf(dnsNameservers);
            hostRoutes = List.copyOf(hostRoutes);
        }
    }

    record HostRoute(String destination, String nexthop) {
    }
}
