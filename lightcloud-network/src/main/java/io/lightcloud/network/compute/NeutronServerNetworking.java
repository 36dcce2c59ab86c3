package io.lightcloud.network.compute;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking;
import io.lightcloud.network.address.FixedIpRequest;
import io.lightcloud.network.address.Ipv4;
import io.lightcloud.network.autoallocate.AutoAllocatedTopologies;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.FloatingIpRepository;
import io.lightcloud.network.core.IpAllocationRepository.Allocation;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Ports;
import io.lightcloud.network.core.SecurityGroup;
import io.lightcloud.network.core.SecurityGroupRepository;
import io.lightcloud.network.core.SecurityGroups;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import io.lightcloud.network.port.DhcpScheduler;
import io.lightcloud.network.port.PortCreator;
import io.lightcloud.network.port.PortService;
import io.lightcloud.network.port.PortSpec;
import io.lightcloud.network.quota.NetworkQuotas;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Compute's view of the network service, after Nova's network API: ports created for servers carry
 * {@code device_owner} {@code compute:<zone>} and {@code device_id} the server, ports the user made are claimed and
 * given back on release. Every call is one transaction of its own.
 */
@Component
public class NeutronServerNetworking implements ServerNetworking {
    private final Networks networks;
    private final NetworkRepository networkRepository;
    private final SubnetRepository subnets;
    private final Ports portAccess;
    private final PortRepository ports;
    private final PortCreator creator;
    private final PortService portService;
    private final IpAllocationRepository allocations;
    private final FloatingIpRepository floatingIps;
    private final DhcpScheduler dhcp;
    private final NetworkQuotas quotas;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;
    private final SecurityGroups securityGroups;
    private final SecurityGroupRepository groupRepository;
    private final AutoAllocatedTopologies autoAllocation;

    public NeutronServerNetworking(Networks networks, NetworkRepository networkRepository, SubnetRepository subnets,
            Ports portAccess, PortRepository ports, PortCreator creator, PortService portService,
            IpAllocationRepository allocations, FloatingIpRepository floatingIps, DhcpScheduler dhcp,
            NetworkQuotas quotas, NetworkTransactions transactions, NetworkGeneration generation,
            SecurityGroups securityGroups, SecurityGroupRepository groupRepository,
            AutoAllocatedTopologies autoAllocation) {
        this.networks = requireNonNull(networks, "networks is null");
        this.networkRepository = requireNonNull(networkRepository, "networkRepository is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.portAccess = requireNonNull(portAccess, "portAccess is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.portService = requireNonNull(portService, "portService is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.dhcp = requireNonNull(dhcp, "dhcp is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
        this.groupRepository = requireNonNull(groupRepository, "groupRepository is null");
        this.autoAllocation = requireNonNull(autoAllocation, "autoAllocation is null");
    }

    @Override
    public void validate(List<NicRequest> requests, AuthContext caller) {
        Set<String> requestedPorts = new HashSet<>();
        for (NicRequest request : requests) {
            if (request.portId() != null) {
                if (!requestedPorts.add(request.portId())) {
                    throw ApiException.badRequest("Port id " + request.portId() + " is requested more than once.");
                }
                claimable(caller, request.portId());
            } else if (request.isAuto()) {
                autoNetwork(caller, false);
            } else {
                Network network = networks.visible(caller, request.networkId());
                if (request.fixedIp() != null) {
                    checkFixedIp(network, request.fixedIp());
                }
            }
        }
    }

    @Override
    public List<ServerPort> allocate(String serverId, String availabilityZone, List<NicRequest> requests,
            List<String> groups, AuthContext caller) {
        validate(requests, caller);
        return transactions.run(() -> {
            List<String> groupIds = groups.isEmpty() ? null : groupIds(caller, groups);
            long created = requests.stream().filter(r -> r.portId() == null).count();
            if (created > 0) {
                quotas.check(caller.projectId(), "port", created);
            }
            Instant base = Instant.now();
            List<String> portIds = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                portIds.add(attachOne(serverId, availabilityZone, requests.get(i), groupIds, caller,
                        base.plusMillis(i)).id());
            }
            generation.bump();
            Map<String, ServerPort> byId = serverPorts(ports.byDevice(serverId)).stream()
                    .collect(Collectors.toMap(ServerPort::portId, Function.identity()));
            return portIds.stream().map(byId::get).toList();
        });
    }

    @Override
    public void bind(String serverId, String hostId) {
        transactions.run(() -> {
            Set<String> networkIds = new HashSet<>();
            for (Port port : ports.byDevice(serverId)) {
                if (!port.isCompute() || (port.bindingHostId().equals(hostId) && port.status().equals(Port.ACTIVE))) {
                    continue;
                }
                ports.update(withBinding(port, hostId));
                networkIds.add(port.networkId());
            }
            networkIds.forEach(dhcp::schedule);
            if (!networkIds.isEmpty()) {
                generation.bump();
            }
        });
    }

    @Override
    public void release(String serverId) {
        transactions.run(() -> {
            List<Port> serverPorts = ports.byDevice(serverId).stream().filter(Port::isCompute).toList();
            serverPorts.forEach(this::detachPort);
            if (!serverPorts.isEmpty()) {
                generation.bump();
            }
        });
    }

    @Override
    public List<ServerPort> ports(String serverId) {
        return serverPorts(ports.byDevice(serverId).stream().filter(Port::isCompute).toList());
    }

    @Override
    public Map<String, List<ServerPort>> ports(Collection<String> serverIds) {
        List<Port> all = new ArrayList<>();
        List<String> ids = List.copyOf(serverIds);
        for (int i = 0; i < ids.size(); i += 500) {
            all.addAll(ports.byDevices(ids.subList(i, Math.min(ids.size(), i + 500))));
        }
        List<Port> compute = all.stream().filter(Port::isCompute).toList();
        Map<String, String> serverOfPort = compute.stream().collect(Collectors.toMap(Port::id, Port::deviceId));
        Map<String, List<ServerPort>> result = new LinkedHashMap<>();
        for (ServerPort port : serverPorts(compute)) {
            result.computeIfAbsent(serverOfPort.get(port.portId()), k -> new ArrayList<>()).add(port);
        }
        return result;
    }

    @Override
    public ServerPort attach(String serverId, String availabilityZone, NicRequest request, AuthContext caller) {
        validate(List.of(request), caller);
        return transactions.run(() -> {
            if (request.portId() == null) {
                quotas.check(caller.projectId(), "port", 1);
            }
            Port port = attachOne(serverId, availabilityZone, request, null, caller, Instant.now());
            Port current = ports.find(port.id()).orElseThrow();
            Optional<Port> bound = ports.byDevice(serverId).stream()
                    .filter(p -> p.isCompute() && p.isBound() && !p.id().equals(port.id())).findFirst();
            if (bound.isPresent()) {
                ports.update(withBinding(current, bound.get().bindingHostId()));
                dhcp.schedule(current.networkId());
            }
            generation.bump();
            return serverPorts(List.of(ports.find(port.id()).orElseThrow())).get(0);
        });
    }

    @Override
    public void detach(String serverId, String portId) {
        transactions.run(() -> {
            Port port = ports.find(portId).filter(p -> p.deviceId().equals(serverId) && p.isCompute())
                    .orElseThrow(() -> ApiException.notFound("Port " + portId + " is not attached to server "
                            + serverId + "."));
            detachPort(port);
            generation.bump();
        });
    }

    @Override
    public Optional<String> serverOf(String networkId, String ipAddress) {
        return allocations.find(networkId, ipAddress)
                .filter(a -> a.portId() != null)
                .flatMap(a -> ports.find(a.portId()))
                .filter(Port::isCompute)
                .map(Port::deviceId)
                .filter(id -> !id.isEmpty());
    }

    /** Nova's {@code security_groups} of a create request: the caller's groups, by id or by (unique) name. */
    private List<String> groupIds(AuthContext caller, List<String> requested) {
        List<SecurityGroup> own = securityGroups.visible(caller).stream()
                .filter(g -> g.projectId().equals(caller.projectId())).toList();
        List<String> ids = new ArrayList<>();
        for (String wanted : requested) {
            List<SecurityGroup> matches = own.stream().filter(g -> g.id().equals(wanted)).toList();
            if (matches.isEmpty()) {
                matches = own.stream().filter(g -> g.name().equals(wanted)).toList();
            }
            if (matches.size() > 1) {
                throw ApiException.conflict("Multiple security_group matches found for name '" + wanted
                        + "', use an ID to be more specific.");
            }
            if (matches.isEmpty()) {
                throw ApiException.badRequest("Security group " + wanted + " not found for project "
                        + caller.projectId() + ".");
            }
            if (!ids.contains(matches.get(0).id())) {
                ids.add(matches.get(0).id());
            }
        }
        return ids;
    }

    private Port attachOne(String serverId, String availabilityZone, NicRequest request, List<String> groupIds,
            AuthContext caller, Instant attachedAt) {
        if (request.portId() != null) {
            Port port = claimable(caller, request.portId());
            Port claimed = new Port(port.id(), port.networkId(), port.projectId(), port.name(), port.description(),
                    port.macAddress(), port.adminStateUp(), serverId, Port.OWNER_COMPUTE_PREFIX + availabilityZone,
                    port.portSecurityEnabled(), port.bindingHostId(), port.status(), port.allowedAddressPairs(), false,
                    request.tag(), attachedAt, port.revisionNumber() + 1, port.createdAt(), Instant.now());
            ports.update(claimed);
            return claimed;
        }
        Network network = request.isAuto() ? autoNetwork(caller, true) : networks.visible(caller, request.networkId());
        List<FixedIpRequest> fixedIps = request.fixedIp() == null ? List.of()
                : List.of(new FixedIpRequest(null, request.fixedIp()));
        return creator.create(new PortSpec(network.id(), caller.projectId(), "", "", null, true, serverId,
                Port.OWNER_COMPUTE_PREFIX + availabilityZone, null, "", fixedIps, groupIds, List.of(), true,
                request.tag(), attachedAt));
    }

    private void detachPort(Port port) {
        if (port.createdForServer()) {
            portService.remove(port);
            return;
        }
        ports.update(new Port(port.id(), port.networkId(), port.projectId(), port.name(), port.description(),
                port.macAddress(), port.adminStateUp(), "", "", port.portSecurityEnabled(), "", Port.DOWN,
                port.allowedAddressPairs(), false, null, null, port.revisionNumber() + 1, port.createdAt(),
                Instant.now()));
    }

    private static Port withBinding(Port port, String hostId) {
        return new Port(port.id(), port.networkId(), port.projectId(), port.name(), port.description(),
                port.macAddress(), port.adminStateUp(), port.deviceId(), port.deviceOwner(),
                port.portSecurityEnabled(), hostId, Port.ACTIVE, port.allowedAddressPairs(), port.createdForServer(),
                port.serverTag(), port.attachedAt(), port.revisionNumber() + 1, port.createdAt(), Instant.now());
    }

    private Port claimable(AuthContext caller, String portId) {
        Port port = portAccess.visible(caller, portId);
        if (!port.deviceId().isEmpty() || !port.deviceOwner().isEmpty()) {
            throw ApiException.conflict("Port " + portId + " is still in use.");
        }
        return port;
    }

    /**
     * Nova's "auto": the project's one network, else the one shared network (networks that are up only), else the
     * project's auto-allocated topology, made when {@code allocate} (else only checked, as Nova's dry run does).
     */
    private Network autoNetwork(AuthContext caller, boolean allocate) {
        List<Network> visible = networks.visible(caller).stream().filter(n -> !n.external() && n.adminStateUp())
                .toList();
        List<Network> own = visible.stream().filter(n -> n.projectId().equals(caller.projectId())).toList();
        List<Network> candidates = own.isEmpty() ? visible.stream().filter(Network::shared).toList() : own;
        if (candidates.size() > 1) {
            throw ApiException.conflict("Multiple possible networks found, use a Network ID to be more specific.");
        }
        if (!candidates.isEmpty()) {
            return candidates.get(0);
        }
        try {
            if (!allocate) {
                autoAllocation.checkRequirements(caller, caller.projectId());
                return null;
            }
            return networks.visible(caller, autoAllocation.network(caller, caller.projectId()));
        } catch (ApiException e) {
            throw ApiException.badRequest("Unable to automatically allocate a network for project "
                    + caller.projectId());
        }
    }

    private void checkFixedIp(Network network, String fixedIp) {
        if (!Ipv4.isValid(fixedIp)) {
            throw ApiException.badRequest("Invalid fixed IP address (" + fixedIp + ")");
        }
        long address = Ipv4.parse(fixedIp, "fixed_ip");
        if (subnets.byNetwork(network.id()).stream().noneMatch(s -> s.prefix().contains(address))) {
            throw ApiException.badRequest("Fixed IP " + fixedIp + " is not a valid ip address for network "
                    + network.id() + ".");
        }
        if (allocations.inUse(network.id(), Ipv4.format(address))) {
            throw ApiException.conflict("Fixed IP address " + fixedIp + " is already in use on instance.");
        }
    }

    private List<ServerPort> serverPorts(List<Port> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<String> portIds = list.stream().map(Port::id).toList();
        Map<String, List<Allocation>> fixed = new HashMap<>();
        allocations.byPorts(portIds).forEach(a -> fixed.computeIfAbsent(a.portId(), k -> new ArrayList<>()).add(a));
        Map<String, List<String>> floating = new HashMap<>();
        for (FloatingIp f : floatingIps.byPorts(portIds)) {
            floating.computeIfAbsent(f.portId(), k -> new ArrayList<>()).add(f.floatingIpAddress());
        }
        Map<String, Network> networkById = networkRepository.byIds(list.stream().map(Port::networkId).distinct()
                .toList()).stream().collect(Collectors.toMap(Network::id, Function.identity()));
        Map<String, Subnet> subnetById = subnets.byNetworks(networkById.keySet()).stream()
                .collect(Collectors.toMap(Subnet::id, Function.identity()));
        Map<String, List<String>> groupsOfPort = ports.securityGroupsByPorts(portIds);
        Map<String, String> groupNames = groupRepository.byIds(groupsOfPort.values().stream().flatMap(List::stream)
                .distinct().toList()).stream().collect(Collectors.toMap(SecurityGroup::id, SecurityGroup::name));
        List<ServerPort> result = new ArrayList<>();
        for (Port port : list) {
            Network network = networkById.get(port.networkId());
            List<FixedIp> addresses = fixed.getOrDefault(port.id(), List.of()).stream().map(a -> {
                Subnet subnet = subnetById.get(a.subnetId());
                return new FixedIp(a.subnetId(), a.ipAddress(), 4, subnet.cidr(), subnet.gatewayIp(),
                        subnet.dnsNameservers(), subnet.hostRoutes(), subnet.enableDhcp());
            }).toList();
            result.add(new ServerPort(port.id(), port.networkId(), network.name(), port.macAddress(), network.mtu(),
                    port.createdForServer(), addresses, floating.getOrDefault(port.id(), List.of()),
                    groupsOfPort.getOrDefault(port.id(), List.of()).stream().map(groupNames::get).sorted().toList(),
                    port.serverTag()));
        }
        return result;
    }
}
