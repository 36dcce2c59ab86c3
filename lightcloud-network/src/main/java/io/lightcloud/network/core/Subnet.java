package io.lightcloud.network.core;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.network.ServerNetworking.HostRoute;
import io.lightcloud.network.address.AllocationPool;
import io.lightcloud.network.address.Cidr;
import java.time.Instant;
import java.util.List;

/** An IPv4 subnet of a network; {@code gatewayIp} is null for a subnet without gateway. */
public record Subnet(String id, String networkId, String projectId, String name, String description, String cidr,
        String gatewayIp, boolean enableDhcp, List<AllocationPool> allocationPools, List<String> dnsNameservers,
        List<HostRoute> hostRoutes, long revisionNumber, Instant createdAt, Instant updatedAt) {
    public Subnet {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
        allocationPools = List.copyOf(allocationPools);
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
    }

    public Cidr prefix() {
        return Cidr.parseLenient(cidr, "cidr");
    }

}
