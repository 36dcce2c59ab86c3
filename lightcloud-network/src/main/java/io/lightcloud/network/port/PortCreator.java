package io.lightcloud.network.port;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.core.AddressPair;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.SecurityGroup;
import io.lightcloud.network.core.SecurityGroupRepository;
import io.lightcloud.network.core.SecurityGroups;
import io.lightcloud.network.ipam.IpAllocator;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Makes a port with its MAC, addresses and security groups, for every kind of port (user, server, DHCP, router).
 * Runs inside the caller's transaction; authorization and quota are the caller's.
 */
@Component
public class PortCreator {
    private final PortRepository ports;
    private final NetworkRepository networks;
    private final IpAllocator allocator;
    private final SecurityGroups securityGroups;
    private final SecurityGroupRepository groupRepository;

    public PortCreator(PortRepository ports, NetworkRepository networks, IpAllocator allocator,
            SecurityGroups securityGroups, SecurityGroupRepository groupRepository) {
        this.ports = requireNonNull(ports, "ports is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
        this.groupRepository = requireNonNull(groupRepository, "groupRepository is null");
    }

    public Port create(PortSpec spec) {
        Network network = networks.find(spec.networkId())
                .orElseThrow(() -> NeutronFaults.notFound("Network", spec.networkId()));
        boolean portSecurity = spec.portSecurityEnabled() != null ? spec.portSecurityEnabled()
                : network.portSecurityEnabled();
        List<String> groups = groups(spec, portSecurity);
        if (!portSecurity && !spec.allowedAddressPairs().isEmpty()) {
            throw NeutronFaults.conflict("AddressPairAndPortSecurityRequired", "Port Security must be enabled in "
                    + "order to have allowed address pairs on a port.");
        }
        String mac = spec.macAddress() != null ? spec.macAddress() : MacAddresses.random();
        if (spec.macAddress() != null && ports.macInUse(mac)) {
            throw NeutronFaults.conflict("MacAddressInUse", "Unable to complete operation for network "
                    + network.id() + ". The mac address " + mac + " is in use.");
        }
        List<AddressPair> pairs = spec.allowedAddressPairs().stream()
                .map(p -> new AddressPair(p.ipAddress(), p.macAddress().isEmpty() ? mac : p.macAddress())).toList();
        Instant now = Instant.now();
        String host = spec.bindingHostId() == null ? "" : spec.bindingHostId();
        Port port = new Port(UUID.randomUUID().toString(), network.id(), spec.projectId(), spec.name(),
                spec.description(), mac, spec.adminStateUp(), nullToEmpty(spec.deviceId()),
                nullToEmpty(spec.deviceOwner()), portSecurity, host, host.isEmpty() ? Port.DOWN : Port.ACTIVE, pairs,
                spec.createdForServer(), spec.serverTag(), spec.attachedAt(), 1, now, now);
        ports.insert(port);
        allocator.allocatePort(network.id(), spec.fixedIps(), port.id());
        ports.setSecurityGroups(port.id(), groups);
        return port;
    }

    /** Checks requested groups (the port's project's) or picks the default one. */
    public List<String> groups(PortSpec spec, boolean portSecurity) {
        if (spec.securityGroups() == null) {
            if (!portSecurity || spec.deviceOwner() != null && spec.deviceOwner().startsWith("network:")) {
                return List.of();
            }
            return List.of(securityGroups.ensureDefault(spec.projectId()).id());
        }
        return checkGroups(spec.projectId(), spec.securityGroups(), portSecurity);
    }

    public List<String> checkGroups(String projectId, List<String> requested, boolean portSecurity) {
        if (!portSecurity && !requested.isEmpty()) {
            throw NeutronFaults.badRequest("Port security must be enabled and port must have an IP address in order "
                    + "to use security groups.");
        }
        List<String> distinct = requested.stream().distinct().toList();
        List<SecurityGroup> found = groupRepository.byIds(distinct);
        for (String id : distinct) {
            if (found.stream().noneMatch(g -> g.id().equals(id) && g.projectId().equals(projectId))) {
                throw NeutronFaults.notFound("SecurityGroup", id);
            }
        }
        return distinct;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
