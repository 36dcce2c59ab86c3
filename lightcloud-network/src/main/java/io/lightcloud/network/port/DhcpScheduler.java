package io.lightcloud.network.port;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.address.FixedIpRequest;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import io.lightcloud.network.host.HostLiveness;
import io.lightcloud.network.ipam.IpAllocator;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Places a network's DHCP server: on the host of the first server port bound in the network, kept there while that
 * host is up, and moved to the host of a bound port whose host is up otherwise. The DHCP server has a
 * {@code network:dhcp} port bound to that host, with an address in every DHCP-enabled subnet. Runs inside the
 * transaction of the change that may need it (a port bound, a subnet added).
 */
@Component
public class DhcpScheduler {
    private final NetworkRepository networks;
    private final SubnetRepository subnets;
    private final PortRepository ports;
    private final PortCreator creator;
    private final IpAllocator allocator;
    private final IpAllocationRepository allocations;
    private final HostLiveness liveness;

    public DhcpScheduler(NetworkRepository networks, SubnetRepository subnets, PortRepository ports,
            PortCreator creator, IpAllocator allocator, IpAllocationRepository allocations, HostLiveness liveness) {
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.liveness = requireNonNull(liveness, "liveness is null");
    }

    /** @return whether anything changed */
    public boolean schedule(String networkId) {
        Network network = networks.find(networkId).orElse(null);
        if (network == null) {
            return false;
        }
        List<Subnet> dhcpSubnets = subnets.byNetwork(networkId).stream().filter(Subnet::enableDhcp).toList();
        if (dhcpSubnets.isEmpty()) {
            return false;
        }
        List<Port> networkPorts = ports.byNetwork(networkId);
        String host = chooseHost(network, networkPorts);
        if (host == null) {
            return false;
        }
        boolean changed = false;
        if (!host.equals(network.dhcpHostId())) {
            networks.update(network.withDhcpHost(host));
            changed = true;
        }
        Optional<Port> existing = networkPorts.stream().filter(p -> p.deviceOwner().equals(Port.OWNER_DHCP)).findFirst();
        if (existing.isEmpty()) {
            creator.create(new PortSpec(networkId, network.projectId(), "", "", null, true, "dhcp-" + networkId,
                    Port.OWNER_DHCP, false, host,
                    dhcpSubnets.stream().map(s -> new FixedIpRequest(s.id(), null)).toList(), List.of(), List.of(),
                    false, null, null));
            return true;
        }
        Port dhcp = existing.get();
        if (!host.equals(dhcp.bindingHostId())) {
            ports.update(new Port(dhcp.id(), dhcp.networkId(), dhcp.projectId(), dhcp.name(), dhcp.description(),
                    dhcp.macAddress(), dhcp.adminStateUp(), dhcp.deviceId(), dhcp.deviceOwner(),
                    dhcp.portSecurityEnabled(), host, Port.ACTIVE, dhcp.allowedAddressPairs(), false, null, null,
                    dhcp.revisionNumber() + 1, dhcp.createdAt(), Instant.now()));
            changed = true;
        }
        Set<String> served = allocations.byPort(dhcp.id()).stream().map(a -> a.subnetId()).collect(Collectors.toSet());
        List<FixedIpRequest> missing = dhcpSubnets.stream().filter(s -> !served.contains(s.id()))
                .map(s -> new FixedIpRequest(s.id(), null)).toList();
        if (!missing.isEmpty()) {
            allocator.allocatePort(networkId, missing, dhcp.id());
            changed = true;
        }
        return changed;
    }

    private String chooseHost(Network network, List<Port> networkPorts) {
        if (network.dhcpHostId() != null && liveness.isUp(network.dhcpHostId())) {
            return network.dhcpHostId();
        }
        List<Port> bound = networkPorts.stream().filter(p -> p.isCompute() && p.isBound())
                .sorted(Comparator.comparing(Port::updatedAt)).toList();
        if (network.dhcpHostId() == null) {
            return bound.isEmpty() ? null : bound.get(0).bindingHostId();
        }
        return bound.stream().map(Port::bindingHostId).filter(liveness::isUp).findFirst()
                .orElse(network.dhcpHostId());
    }
}
