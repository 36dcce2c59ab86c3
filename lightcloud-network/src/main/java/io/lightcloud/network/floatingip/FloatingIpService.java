package io.lightcloud.network.floatingip;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.address.Ipv4;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.Requests;
import io.lightcloud.network.api.Tenancy;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.FloatingIpRepository;
import io.lightcloud.network.core.FloatingIps;
import io.lightcloud.network.core.IpAllocationRepository.Allocation;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Ports;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.core.RouterRepository;
import io.lightcloud.network.ipam.IpAllocator;
import io.lightcloud.network.quota.NetworkQuotas;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import io.lightcloud.network.tag.TagRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Floating IPs: an address of an external network, associated with a fixed address of a port through the router
 * that connects the port's subnet to that external network.
 */
@Component
public class FloatingIpService {
    private static final Set<String> CREATE_ATTRIBUTES = Set.of("floating_network_id", "port_id",
            "fixed_ip_address", "floating_ip_address", "subnet_id", "description", "project_id", "tenant_id", "tags");
    private static final Set<String> UPDATE_ATTRIBUTES = Set.of("port_id", "fixed_ip_address", "description");

    private final FloatingIpRepository floatingIps;
    private final FloatingIps lookup;
    private final Networks networks;
    private final Ports portAccess;
    private final PortRepository ports;
    private final RouterRepository routers;
    private final IpAllocator allocator;
    private final IpAllocationRepository allocations;
    private final TagRepository tags;
    private final NetworkQuotas quotas;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;

    public FloatingIpService(FloatingIpRepository floatingIps, FloatingIps lookup, Networks networks, Ports portAccess,
            PortRepository ports, RouterRepository routers, IpAllocator allocator, IpAllocationRepository allocations,
            TagRepository tags, NetworkQuotas quotas, NeutronPolicy policy, NetworkTransactions transactions,
            NetworkGeneration generation) {
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.portAccess = requireNonNull(portAccess, "portAccess is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
    }

    public FloatingIp create(AuthContext caller, JsonFields in) {
        Requests.allowOnly(in, CREATE_ATTRIBUTES);
        String networkId = in.string("floating_network_id", 36).orElseThrow(() -> NeutronFaults.badRequest(
                "Failed to parse request. Required attribute 'floating_network_id' not specified"));
        String projectId = Tenancy.owningProject(caller, in);
        policy.enforce("create_floatingip", caller, projectId);
        String requested = in.string("floating_ip_address", 64).map(a -> Ipv4.format(Ipv4.parse(a,
                "floating_ip_address"))).orElse(null);
        if (requested != null) {
            policy.enforce("create_floatingip:floating_ip_address", caller, projectId);
        }
        String portId = in.string("port_id", 36).orElse(null);
        String fixedIp = in.string("fixed_ip_address", 64).orElse(null);
        List<String> initialTags = in.stringList("tags", 255).orElse(List.of());
        return transactions.run(() -> {
            Network network = networks.visible(caller, networkId);
            if (!network.external()) {
                throw NeutronFaults.badRequest("Bad floatingip request: Network " + networkId
                        + " is not a valid external network.");
            }
            quotas.check(projectId, "floatingip", 1);
            String id = UUID.randomUUID().toString();
            Allocation address = allocator.allocateFloating(networkId, requested, id);
            Instant now = Instant.now();
            FloatingIp unassociated = new FloatingIp(id, projectId, in.string("description", 255).orElse(""),
                    networkId, address.ipAddress(), null, null, null, 1, now, now);
            FloatingIp floatingIp = portId == null ? unassociated : associate(caller, unassociated, portId, fixedIp);
            floatingIps.insert(floatingIp);
            initialTags.forEach(tag -> tags.add(id, tag));
            generation.bump();
            return floatingIp;
        });
    }

    public FloatingIp update(AuthContext caller, String id, JsonFields in) {
        Requests.allowOnly(in, UPDATE_ATTRIBUTES);
        return transactions.run(() -> {
            FloatingIp floatingIp = lookup.visible(caller, id);
            policy.enforce("update_floatingip", caller, floatingIp.projectId());
            FloatingIp described = new FloatingIp(floatingIp.id(), floatingIp.projectId(),
                    Requests.description(in, floatingIp.description()), floatingIp.floatingNetworkId(),
                    floatingIp.floatingIpAddress(), floatingIp.portId(), floatingIp.fixedIpAddress(),
                    floatingIp.routerId(), floatingIp.revisionNumber(), floatingIp.createdAt(), Instant.now());
            FloatingIp result = described;
            if (in.has("port_id")) {
                String portId = in.string("port_id", 36).orElse(null);
                result = portId == null ? disassociated(described)
                        : associate(caller, described, portId, in.string("fixed_ip_address", 64).orElse(null));
            }
            FloatingIp revised = new FloatingIp(result.id(), result.projectId(), result.description(),
                    result.floatingNetworkId(), result.floatingIpAddress(), result.portId(), result.fixedIpAddress(),
                    result.routerId(), floatingIp.revisionNumber() + 1, result.createdAt(), Instant.now());
            floatingIps.update(revised);
            generation.bump();
            return revised;
        });
    }

    public void delete(AuthContext caller, String id) {
        transactions.run(() -> {
            FloatingIp floatingIp = lookup.visible(caller, id);
            policy.enforce("delete_floatingip", caller, floatingIp.projectId());
            allocations.deleteByFloatingIp(id);
            tags.removeAll(id);
            floatingIps.delete(id);
            generation.bump();
        });
    }

    private FloatingIp disassociated(FloatingIp f) {
        return new FloatingIp(f.id(), f.projectId(), f.description(), f.floatingNetworkId(), f.floatingIpAddress(),
                null, null, null, f.revisionNumber(), f.createdAt(), f.updatedAt());
    }

    private FloatingIp associate(AuthContext caller, FloatingIp f, String portId, String requestedFixedIp) {
        Port port = portAccess.visible(caller, portId);
        if (!caller.isAdmin() && !port.projectId().equals(f.projectId())) {
            throw NeutronFaults.notFound("Port", portId);
        }
        List<Allocation> fixed = allocations.byPort(portId);
        Allocation chosen = fixed.stream()
                .filter(a -> requestedFixedIp == null || a.ipAddress().equals(requestedFixedIp)).findFirst()
                .orElseThrow(() -> NeutronFaults.badRequest(requestedFixedIp == null
                        ? "Bad floatingip request: Port " + portId + " does not have any IPv4 address."
                        : "Bad floatingip request: Port " + portId + " does not have fixed ip " + requestedFixedIp
                                + "."));
        for (FloatingIp other : floatingIps.byPorts(List.of(portId))) {
            if (!other.id().equals(f.id()) && chosen.ipAddress().equals(other.fixedIpAddress())) {
                throw NeutronFaults.conflict("FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
                        + f.floatingIpAddress() + " (" + f.id() + ") with port " + portId + " using fixed IP "
                        + chosen.ipAddress() + ", as that fixed IP already has a floating IP on external network "
                        + other.floatingNetworkId() + ".");
            }
        }
        Router router = routerBetween(chosen.subnetId(), f.floatingNetworkId()).orElseThrow(() -> new ApiException(
                404, "External network " + f.floatingNetworkId() + " is not reachable from subnet "
                        + chosen.subnetId() + ".  Therefore, cannot associate Port " + portId
                        + " with a Floating IP.", "ExternalGatewayForFloatingIPNotFound"));
        return new FloatingIp(f.id(), f.projectId(), f.description(), f.floatingNetworkId(), f.floatingIpAddress(),
                portId, chosen.ipAddress(), router.id(), f.revisionNumber(), f.createdAt(), f.updatedAt());
    }

    /** A router with a gateway on the external network and an interface on the subnet. */
    private Optional<Router> routerBetween(String subnetId, String externalNetworkId) {
        return routers.all().stream()
                .filter(r -> externalNetworkId.equals(r.gatewayNetworkId()))
                .filter(r -> ports.byDevice(r.id()).stream()
                        .filter(p -> p.deviceOwner().equals(Port.OWNER_ROUTER_INTERFACE))
                        .anyMatch(p -> allocations.byPort(p.id()).stream().anyMatch(a -> a.subnetId().equals(subnetId))))
                .findFirst();
    }
}
