package io.lightcloud.network.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.network.NetworkProperties;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.Requests;
import io.lightcloud.network.api.Tenancy;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.FloatingIpRepository;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import io.lightcloud.network.quota.NetworkQuotas;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import io.lightcloud.network.tag.TagRepository;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Creates, changes and deletes networks, with their segment and, on delete, their subnets and DHCP ports. */
@Component
public class NetworkService {
    private static final Set<String> CREATE_ATTRIBUTES = Set.of("name", "description", "admin_state_up", "shared",
            "router:external", "provider:network_type", "provider:physical_network", "provider:segmentation_id",
            "mtu", "port_security_enabled", "project_id", "tenant_id", "availability_zone_hints", "tags",
            "is_default");
    private static final Set<String> UPDATE_ATTRIBUTES = Set.of("name", "description", "admin_state_up", "shared",
            "router:external", "mtu", "port_security_enabled", "is_default");
    private static final List<String> PRIVILEGED = List.of("shared", "router:external", "is_default",
            "provider:network_type", "provider:physical_network", "provider:segmentation_id");
    /** Privileged attributes whose default a create may repeat without the privilege, as Neutron allows. */
    private static final Set<String> FALSE_BY_DEFAULT = Set.of("shared", "router:external", "is_default");

    private final NetworkRepository networks;
    private final Networks lookup;
    private final SubnetRepository subnets;
    private final PortRepository ports;
    private final IpAllocationRepository allocations;
    private final TagRepository tags;
    private final VniAllocator vnis;
    private final NetworkQuotas quotas;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;
    private final NetworkProperties properties;
    private final FloatingIpRepository floatingIps;

    public NetworkService(NetworkRepository networks, Networks lookup, SubnetRepository subnets, PortRepository ports,
            IpAllocationRepository allocations, TagRepository tags, VniAllocator vnis, NetworkQuotas quotas,
            NeutronPolicy policy, NetworkTransactions transactions, NetworkGeneration generation,
            NetworkProperties properties, FloatingIpRepository floatingIps) {
        this.networks = requireNonNull(networks, "networks is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.vnis = requireNonNull(vnis, "vnis is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
    }

    public Network create(AuthContext caller, JsonFields in) {
        Requests.allowOnly(in, CREATE_ATTRIBUTES);
        String projectId = Tenancy.owningProject(caller, in);
        policy.enforce("create_network", caller, projectId);
        for (String attribute : PRIVILEGED) {
            if (explicitlySet(in, attribute)) {
                policy.enforce("create_network:" + attribute, caller, projectId);
            }
        }
        String type = in.string("provider:network_type", 16).orElse(Network.VXLAN);
        String physical = in.string("provider:physical_network", 64).orElse(null);
        Integer requestedSegment = in.integer("provider:segmentation_id", 1, 16_777_215).map(Long::intValue)
                .orElse(null);
        switch (type) {
            case Network.FLAT -> {
                if (physical == null || physical.isBlank()) {
                    throw NeutronFaults.invalidInput("physical_network required for flat provider network");
                }
                if (requestedSegment != null) {
                    throw NeutronFaults.invalidInput("segmentation_id specified for flat provider network");
                }
            }
            case Network.VXLAN -> {
                if (physical != null) {
                    throw NeutronFaults.invalidInput("provider:physical_network specified for vxlan network");
                }
            }
            default -> throw NeutronFaults.invalidInput("network_type value '" + type + "' not supported");
        }
        int defaultMtu = type.equals(Network.FLAT) ? properties.flatMtu() : properties.vxlanMtu();
        int mtu = in.integer("mtu", 68, defaultMtu).map(Long::intValue).orElse(defaultMtu);
        List<String> initialTags = in.stringList("tags", 255).orElse(List.of());
        return transactions.run(() -> {
            quotas.check(projectId, "network", 1);
            Integer segment = null;
            if (type.equals(Network.VXLAN)) {
                if (requestedSegment != null && networks.segmentTaken(Network.VXLAN, requestedSegment)) {
                    throw NeutronFaults.conflict("TunnelIdInUse", "Unable to create the network. The tunnel ID "
                            + requestedSegment + " is in use.");
                }
                segment = requestedSegment != null ? requestedSegment : vnis.allocate();
            } else if (networks.all().stream().anyMatch(n -> physical.equals(n.physicalNetwork()))) {
                throw NeutronFaults.conflict("FlatNetworkInUse", "Unable to create the flat network. Physical "
                        + "network " + physical + " is in use.");
            }
            boolean external = in.bool("router:external").orElse(false);
            boolean isDefault = external && in.bool("is_default").orElse(false);
            if (isDefault) {
                refuseSecondDefault(null);
            }
            Instant now = Instant.now();
            Network network = new Network(UUID.randomUUID().toString(), projectId, in.string("name", 255).orElse(""),
                    in.string("description", 255).orElse(""), in.bool("admin_state_up").orElse(true),
                    in.bool("shared").orElse(false), external, isDefault, type, physical, segment, mtu,
                    in.bool("port_security_enabled").orElse(true), null, 1, now, now);
            networks.insert(network);
            initialTags.forEach(tag -> tags.add(network.id(), tag));
            generation.bump();
            return network;
        });
    }

    public Network update(AuthContext caller, String id, JsonFields in) {
        for (String name : in.names()) {
            if (name.startsWith("provider:")) {
                throw NeutronFaults.invalidInput("Plugin does not support updating provider attributes");
            }
        }
        Requests.allowOnly(in, UPDATE_ATTRIBUTES);
        return transactions.run(() -> {
            Network network = lookup.visible(caller, id);
            policy.enforce("update_network", caller, network.projectId());
            for (String attribute : PRIVILEGED) {
                if (in.has(attribute)) {
                    policy.enforce("update_network:" + attribute, caller, network.projectId());
                }
            }
            int defaultMtu = network.networkType().equals(Network.FLAT) ? properties.flatMtu() : properties.vxlanMtu();
            boolean external = in.bool("router:external").orElse(network.external());
            boolean isDefault = external && in.bool("is_default").orElse(network.isDefault());
            if (isDefault && !network.isDefault()) {
                refuseSecondDefault(network.id());
            }
            Network updated = new Network(network.id(), network.projectId(), Requests.name(in, network.name()),
                    Requests.description(in, network.description()),
                    in.bool("admin_state_up").orElse(network.adminStateUp()), in.bool("shared").orElse(network.shared()),
                    external, isDefault, network.networkType(),
                    network.physicalNetwork(), network.segmentationId(),
                    in.integer("mtu", 68, defaultMtu).map(Long::intValue).orElse(network.mtu()),
                    in.bool("port_security_enabled").orElse(network.portSecurityEnabled()), network.dhcpHostId(),
                    network.revisionNumber() + 1, network.createdAt(), Instant.now());
            networks.update(updated);
            generation.bump();
            return updated;
        });
    }

    private static boolean explicitlySet(JsonFields in, String attribute) {
        if (!in.has(attribute) || in.raw().get(attribute).isNull()) {
            return false;
        }
        return !FALSE_BY_DEFAULT.contains(attribute) || in.bool(attribute).orElse(false);
    }

    /** Neutron keeps one default external network: auto-allocated topologies are connected to it. */
    private void refuseSecondDefault(String networkId) {
        networks.defaultExternal().filter(other -> !other.id().equals(networkId)).ifPresent(other -> {
            throw NeutronFaults.conflict("DefaultExternalNetworkExists",
                    "A default external network already exists: " + other.id() + ".");
        });
    }

    public void delete(AuthContext caller, String id) {
        transactions.run(() -> {
            Network network = lookup.visible(caller, id);
            policy.enforce("delete_network", caller, network.projectId());
            List<Port> networkPorts = ports.byNetwork(id);
            if (networkPorts.stream().anyMatch(p -> !p.deviceOwner().equals(Port.OWNER_DHCP))) {
                throw NeutronFaults.conflict("NetworkInUse", "Unable to complete operation on network " + id
                        + ". There are one or more ports still in use on the network.");
            }
            for (Port dhcp : networkPorts) {
                allocations.deleteByPort(dhcp.id());
                ports.delete(dhcp.id());
            }
            // As Neutron, an external network goes with its unassociated floating IPs.
            for (FloatingIp floatingIp : floatingIps.all()) {
                if (floatingIp.floatingNetworkId().equals(id) && floatingIp.portId() == null) {
                    allocations.deleteByFloatingIp(floatingIp.id());
                    tags.removeAll(floatingIp.id());
                    floatingIps.delete(floatingIp.id());
                }
            }
            for (Subnet subnet : subnets.byNetwork(id)) {
                if (allocations.countBySubnet(subnet.id()) > 0) {
                    throw NeutronFaults.conflict("NetworkInUse", "Unable to complete operation on network " + id
                            + ". There are one or more floating IPs still in use on the network.");
                }
                tags.removeAll(subnet.id());
                subnets.delete(subnet.id());
            }
            tags.removeAll(id);
            networks.delete(id);
            generation.bump();
        });
    }
}
