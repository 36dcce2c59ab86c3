package io.lightcloud.network.subnet;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking.HostRoute;
import io.lightcloud.network.address.AllocationPool;
import io.lightcloud.network.address.Cidr;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.Requests;
import io.lightcloud.network.api.Tenancy;
import io.lightcloud.network.core.IpAllocationRepository.Allocation;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import io.lightcloud.network.core.Subnets;
import io.lightcloud.network.port.DhcpScheduler;
import io.lightcloud.network.quota.NetworkQuotas;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import io.lightcloud.network.tag.TagRepository;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Creates, changes and deletes IPv4 subnets. */
@Component
public class SubnetService {
    private static final Set<String> CREATE_ATTRIBUTES = Set.of("name", "description", "network_id", "cidr",
            "ip_version", "gateway_ip", "allocation_pools", "enable_dhcp", "dns_nameservers", "host_routes",
            "project_id", "tenant_id", "tags");
    private static final Set<String> UPDATE_ATTRIBUTES = Set.of("name", "description", "gateway_ip",
            "allocation_pools", "enable_dhcp", "dns_nameservers", "host_routes");

    private final SubnetRepository subnets;
    private final Subnets lookup;
    private final Networks networks;
    private final PortRepository ports;
    private final IpAllocationRepository allocations;
    private final TagRepository tags;
    private final NetworkQuotas quotas;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;
    private final DhcpScheduler dhcp;

    public SubnetService(SubnetRepository subnets, Subnets lookup, Networks networks, PortRepository ports,
            IpAllocationRepository allocations, TagRepository tags, NetworkQuotas quotas, NeutronPolicy policy,
            NetworkTransactions transactions, NetworkGeneration generation, DhcpScheduler dhcp) {
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
        this.dhcp = requireNonNull(dhcp, "dhcp is null");
    }

    public Subnet create(AuthContext caller, JsonFields in) {
        Requests.allowOnly(in, CREATE_ATTRIBUTES);
        long version = in.integer("ip_version", 0, 100).orElse(4L);
        if (version != 4) {
            throw NeutronFaults.invalidInput("Only IPv4 subnets (ip_version 4) are supported.");
        }
        String networkId = in.string("network_id", 36)
                .orElseThrow(() -> NeutronFaults.badRequest("Failed to parse request. Required attribute 'network_id' "
                        + "not specified"));
        Cidr cidr = Cidr.parse(in.string("cidr", 64).orElseThrow(() -> NeutronFaults.badRequest(
                "Bad subnets request: a cidr must be specified in the absence of a subnet pool.")), "cidr");
        if (cidr.prefixLength() > 30) {
            throw NeutronFaults.invalidInput("The subnet " + cidr + " is too small; a prefix of /30 or larger is "
                    + "needed.");
        }
        String projectId = Tenancy.owningProject(caller, in);
        String gateway = in.has("gateway_ip") ? SubnetInput.gateway(in, cidr, null) : SubnetInput.defaultGateway(cidr);
        List<AllocationPool> pools = SubnetInput.pools(in, cidr, gateway, null);
        List<String> dns = SubnetInput.dnsNameservers(in, List.of());
        List<HostRoute> routes = SubnetInput.hostRoutes(in, List.of());
        List<String> initialTags = in.stringList("tags", 255).orElse(List.of());
        return transactions.run(() -> {
            Network network = networks.visible(caller, networkId);
            policy.enforce("create_subnet", caller, network.projectId());
            if (!network.projectId().equals(projectId)) {
                policy.enforce("create_subnet", caller, projectId);
            }
            quotas.check(projectId, "subnet", 1);
            for (Subnet other : subnets.byNetwork(networkId)) {
                if (other.prefix().overlaps(cidr)) {
                    throw NeutronFaults.invalidInput("Requested subnet with cidr: " + cidr + " for network: "
                            + networkId + " overlaps with another subnet");
                }
            }
            Instant now = Instant.now();
            Subnet subnet = new Subnet(UUID.randomUUID().toString(), networkId, projectId,
                    in.string("name", 255).orElse(""), in.string("description", 255).orElse(""), cidr.toString(),
                    gateway, in.bool("enable_dhcp").orElse(true), pools, dns, routes, 1, now, now);
            subnets.insert(subnet);
            initialTags.forEach(tag -> tags.add(subnet.id(), tag));
            dhcp.schedule(networkId);
            generation.bump();
            return subnet;
        });
    }

    public Subnet update(AuthContext caller, String id, JsonFields in) {
        Requests.allowOnly(in, UPDATE_ATTRIBUTES);
        return transactions.run(() -> {
            Subnet subnet = lookup.visible(caller, id);
            policy.enforce("update_subnet", caller, subnet.projectId());
            Cidr cidr = subnet.prefix();
            String gateway = SubnetInput.gateway(in, cidr, subnet.gatewayIp());
            List<AllocationPool> pools = SubnetInput.pools(in, cidr, gateway, subnet.allocationPools());
            Subnet updated = new Subnet(subnet.id(), subnet.networkId(), subnet.projectId(),
                    Requests.name(in, subnet.name()), Requests.description(in, subnet.description()), subnet.cidr(),
                    gateway, in.bool("enable_dhcp").orElse(subnet.enableDhcp()), pools,
                    SubnetInput.dnsNameservers(in, subnet.dnsNameservers()),
                    SubnetInput.hostRoutes(in, subnet.hostRoutes()), subnet.revisionNumber() + 1, subnet.createdAt(),
                    Instant.now());
            subnets.update(updated);
            dhcp.schedule(updated.networkId());
            generation.bump();
            return updated;
        });
    }

    /** Deletes a subnet whose only addresses are the network's DHCP port's. */
    public void delete(AuthContext caller, String id) {
        transactions.run(() -> {
            Subnet subnet = lookup.visible(caller, id);
            policy.enforce("delete_subnet", caller, subnet.projectId());
            for (Port port : ports.byNetwork(subnet.networkId())) {
                List<Allocation> held = allocations.byPort(port.id());
                boolean inSubnet = held.stream().anyMatch(a -> a.subnetId().equals(id));
                if (!inSubnet) {
                    continue;
                }
                if (!port.deviceOwner().equals(Port.OWNER_DHCP)) {
                    throw NeutronFaults.conflict("SubnetInUse", "Unable to complete operation on subnet " + id
                            + ": One or more ports have an IP allocation from this subnet.");
                }
                allocations.delete(subnet.networkId(), held.stream().filter(a -> a.subnetId().equals(id))
                        .findFirst().orElseThrow().ipAddress());
                if (held.size() == 1) {
                    ports.delete(port.id());
                }
            }
            if (allocations.countBySubnet(id) > 0) {
                throw NeutronFaults.conflict("SubnetInUse", "Unable to complete operation on subnet " + id
                        + ": One or more floating IPs have an IP allocation from this subnet.");
            }
            tags.removeAll(id);
            subnets.delete(id);
            generation.bump();
        });
    }
}
