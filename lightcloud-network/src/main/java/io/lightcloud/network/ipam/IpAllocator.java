package io.lightcloud.network.ipam;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.address.AllocationPool;
import io.lightcloud.network.address.FixedIpRequest;
import io.lightcloud.network.address.Ipv4;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.core.IpAllocationRepository.Allocation;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands out fixed and floating addresses. Allocations on one network queue on a lock of the network's row, so each
 * picks the lowest free address without racing; the primary key of the allocation table is the final guarantee,
 * and a transaction that still loses is retried whole by {@link io.lightcloud.network.store.NetworkTransactions}.
 * Runs inside the transaction that creates the port or floating IP, so a failure leaves no address behind.
 */
@Component
public class IpAllocator {
    private final IpAllocationRepository allocations;
    private final SubnetRepository subnets;
    private final JdbcClient jdbc;

    public IpAllocator(IpAllocationRepository allocations, SubnetRepository subnets, JdbcClient jdbc) {
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /**
     * Allocates a port's fixed IPs; with no request, one address of the first subnet that has one left.
     *
     * @throws io.lightcloud.common.api.ApiException 400 for a subnet of another network or an address outside its
     *         subnet, 409 {@code IpAddressAlreadyAllocated} or {@code IpAddressGenerationFailure}
     */
    public List<Allocation> allocatePort(String networkId, List<FixedIpRequest> requests, String portId) {
        lockNetwork(networkId);
        List<Subnet> networkSubnets = subnets.byNetwork(networkId);
        List<Allocation> made = new ArrayList<>();
        if (requests.isEmpty()) {
            for (Subnet subnet : networkSubnets) {
                Long free = lowestFree(subnet);
                if (free != null) {
                    made.add(insert(networkId, subnet, Ipv4.format(free), portId, null));
                    return made;
                }
            }
            if (networkSubnets.isEmpty()) {
                return made;
            }
            throw NeutronFaults.ipAddressGenerationFailure(networkId);
        }
        for (FixedIpRequest request : requests) {
            Subnet subnet = subnetFor(networkId, networkSubnets, request);
            made.add(insert(networkId, subnet, address(networkId, subnet, request.ipAddress()), portId, null));
        }
        return made;
    }

    /** Allocates the address of a floating IP on an external network, from its first subnet with one left. */
    public Allocation allocateFloating(String networkId, String requestedIp, String floatingIpId) {
        lockNetwork(networkId);
        List<Subnet> networkSubnets = subnets.byNetwork(networkId);
        if (requestedIp != null) {
            Subnet subnet = subnetFor(networkId, networkSubnets, new FixedIpRequest(null, requestedIp));
            return insert(networkId, subnet, address(networkId, subnet, requestedIp), null, floatingIpId);
        }
        for (Subnet subnet : networkSubnets) {
            Long free = lowestFree(subnet);
            if (free != null) {
                return insert(networkId, subnet, Ipv4.format(free), null, floatingIpId);
            }
        }
        throw NeutronFaults.ipAddressGenerationFailure(networkId);
    }

    private void lockNetwork(String networkId) {
        jdbc.sql("SELECT id FROM net_network WHERE id = ? FOR UPDATE").param(networkId).query(String.class).list();
    }

    private Subnet subnetFor(String networkId, List<Subnet> networkSubnets, FixedIpRequest request) {
        if (request.subnetId() != null) {
            Subnet subnet = networkSubnets.stream().filter(s -> s.id().equals(request.subnetId())).findFirst()
                    .orElseThrow(() -> NeutronFaults.badRequest("Invalid input for operation: Failed to create port "
                            + "on network " + networkId + ", because fixed_ips included invalid subnet "
                            + request.subnetId() + "."));
            if (request.ipAddress() != null
                    && !subnet.prefix().contains(Ipv4.parse(request.ipAddress(), "fixed_ips"))) {
                throw NeutronFaults.badRequest("IP address " + request.ipAddress() + " is not a valid IP for the "
                        + "specified subnet.");
            }
            return subnet;
        }
        long address = Ipv4.parse(request.ipAddress(), "fixed_ips");
        return networkSubnets.stream().filter(s -> s.prefix().contains(address)).findFirst()
                .orElseThrow(() -> NeutronFaults.badRequest("IP address " + request.ipAddress()
                        + " is not a valid IP for any subnet on network " + networkId + "."));
    }

    private String address(String networkId, Subnet subnet, String requested) {
        if (requested == null) {
            Long free = lowestFree(subnet);
            if (free == null) {
                throw NeutronFaults.ipAddressGenerationFailure(networkId);
            }
            return Ipv4.format(free);
        }
        long address = Ipv4.parse(requested, "ip_address");
        if (address == subnet.prefix().first() || (address == subnet.prefix().last() && subnet.prefix().size() > 2)) {
            throw NeutronFaults.badRequest("IP address " + requested + " is not a valid IP for the specified subnet.");
        }
        String canonical = Ipv4.format(address);
        if (allocations.inUse(networkId, canonical)) {
            throw NeutronFaults.conflict("IpAddressAlreadyAllocated", "IP address " + canonical
                    + " already allocated in subnet " + subnet.id() + ".");
        }
        return canonical;
    }

    private Long lowestFree(Subnet subnet) {
        Set<Long> used = allocations.usedInSubnet(subnet.id());
        for (AllocationPool pool : subnet.allocationPools()) {
            for (long address = pool.start(); address <= pool.end(); address++) {
                if (!used.contains(address)) {
                    return address;
                }
            }
        }
        return null;
    }

    private Allocation insert(String networkId, Subnet subnet, String address, String portId, String floatingIpId) {
        Allocation allocation = new Allocation(networkId, address, subnet.id(), portId, floatingIpId);
        allocations.insert(allocation);
        return allocation;
    }
}
