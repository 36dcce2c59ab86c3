package io.lightcloud.network.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.core.AddressPair;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.FloatingIpRepository;
import io.lightcloud.network.core.IpAllocationRepository.Allocation;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.core.RouterRepository;
import io.lightcloud.network.core.SecurityGroupRepository;
import io.lightcloud.network.core.SecurityGroupRule;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import io.lightcloud.network.host.AgentHostRepository.NetworkHost;
import io.lightcloud.network.host.AgentHostRepository;
import io.lightcloud.network.store.NetworkGeneration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The network desired-state document of one host ({@code docs/network-agent-protocol.md}): the VM ports bound to
 * it, the networks it needs with their peers and forwarding entries, the DHCP servers and routers placed on it and
 * the security groups its ports use. Built from one read of the whole network state.
 */
@Component
public class DesiredNetworkState {
    private final NetworkGeneration generation;
    private final AgentHostRepository hosts;
    private final NetworkRepository networks;
    private final SubnetRepository subnets;
    private final PortRepository ports;
    private final IpAllocationRepository allocations;
    private final SecurityGroupRepository securityGroups;
    private final RouterRepository routers;
    private final FloatingIpRepository floatingIps;

    public DesiredNetworkState(NetworkGeneration generation, AgentHostRepository hosts, NetworkRepository networks,
            SubnetRepository subnets, PortRepository ports, IpAllocationRepository allocations,
            SecurityGroupRepository securityGroups, RouterRepository routers, FloatingIpRepository floatingIps) {
        this.generation = requireNonNull(generation, "generation is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
    }

    public Map<String, Object> build(String hostId) {
        long current = generation.current();
        Snapshot state = new Snapshot();
        NetworkHost host = state.hosts.get(hostId);

        List<Port> vmPorts = state.ports.stream().filter(p -> p.isCompute() && p.bindingHostId().equals(hostId))
                .toList();
        List<Router> placedRouters = state.routers.values().stream().filter(r -> hostId.equals(r.hostId())).toList();
        Set<String> networkIds = new LinkedHashSet<>();
        vmPorts.forEach(p -> networkIds.add(p.networkId()));
        for (Router router : placedRouters) {
            state.routerPorts(router.id()).forEach(p -> networkIds.add(p.networkId()));
        }
        state.networks.values().stream().filter(n -> hostId.equals(n.dhcpHostId())).forEach(n -> networkIds.add(n.id()));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("generation", current);
        Map<String, Object> hostView = new LinkedHashMap<>();
        hostView.put("id", hostId);
        hostView.put("hostname", host == null ? null : host.hostname());
        hostView.put("tunnel_ip", host == null ? null : host.tunnelIp());
        document.put("host", hostView);
        document.put("networks", networkIds.stream().map(state.networks::get).filter(n -> n != null)
                .map(n -> networkView(state, n, hostId)).toList());
        document.put("ports", vmPorts.stream().map(p -> portView(state, p)).toList());
        document.put("security_groups", securityGroupViews(state, vmPorts));
        document.put("routers", placedRouters.stream().map(r -> routerView(state, r)).toList());
        return document;
    }

    private Map<String, Object> networkView(Snapshot state, Network network, String hostId) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", network.id());
        view.put("project_id", network.projectId());
        view.put("network_type", network.networkType());
        view.put("segmentation_id", network.segmentationId());
        view.put("physical_network", network.physicalNetwork());
        view.put("mtu", network.mtu());
        view.put("admin_state_up", network.adminStateUp());
        List<Subnet> networkSubnets = state.subnetsOf(network.id());
        view.put("subnets", networkSubnets.stream().map(DesiredNetworkState::subnetView).toList());
        boolean vxlan = network.networkType().equals(Network.VXLAN);
        Set<String> peers = new TreeSet<>();
        List<Map<String, Object>> fdb = new ArrayList<>();
        if (vxlan) {
            for (Port port : state.portsOf(network.id())) {
                if (!port.isBound() || port.bindingHostId().equals(hostId)) {
                    continue;
                }
                NetworkHost other = state.hosts.get(port.bindingHostId());
                if (other == null) {
                    continue;
                }
                peers.add(other.tunnelIp());
                fdb.add(Map.of("mac_address", port.macAddress(), "tunnel_ip", other.tunnelIp()));
            }
        }
        view.put("peers", List.copyOf(peers));
        view.put("fdb", fdb);
        if (hostId.equals(network.dhcpHostId())) {
            Map<String, Object> dhcp = dhcpView(state, network, networkSubnets);
            if (dhcp != null) {
                view.put("dhcp", dhcp);
            }
        }
        return view;
    }

    private static Map<String, Object> subnetView(Subnet subnet) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subnet.id());
        view.put("cidr", subnet.cidr());
        view.put("gateway_ip", subnet.gatewayIp());
        view.put("enable_dhcp", subnet.enableDhcp());
        view.put("dns_nameservers", subnet.dnsNameservers());
        view.put("host_routes", subnet.hostRoutes().stream()
                .map(r -> Map.of("destination", r.destination(), "nexthop", r.nexthop())).toList());
        return view;
    }

    private Map<String, Object> dhcpView(Snapshot state, Network network, List<Subnet> networkSubnets) {
        Set<String> dhcpSubnets = networkSubnets.stream().filter(Subnet::enableDhcp).map(Subnet::id)
                .collect(Collectors.toSet());
        Port dhcpPort = state.portsOf(network.id()).stream().filter(p -> p.deviceOwner().equals(Port.OWNER_DHCP))
                .findFirst().orElse(null);
        if (dhcpPort == null) {
            return null;
        }
        Allocation own = state.fixedIps(dhcpPort.id()).stream().filter(a -> dhcpSubnets.contains(a.subnetId()))
                .findFirst().orElse(null);
        if (own == null) {
            return null;
        }
        List<Map<String, Object>> leases = new ArrayList<>();
        for (Port port : state.portsOf(network.id())) {
            if (port.id().equals(dhcpPort.id())) {
                continue;
            }
            for (Allocation address : state.fixedIps(port.id())) {
                if (dhcpSubnets.contains(address.subnetId())) {
                    leases.add(Map.of("mac_address", port.macAddress(), "ip_address", address.ipAddress(),
                            "hostname", hostname(port, address.ipAddress())));
                }
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("port_id", dhcpPort.id());
        view.put("mac_address", dhcpPort.macAddress());
        view.put("ip_address", own.ipAddress());
        view.put("subnet_id", own.subnetId());
        view.put("hosts", leases);
        return view;
    }

    /** The port's name when it is a valid host name, else Neutron's {@code host-10-0-0-5}. */
    private static String hostname(Port port, String address) {
        return port.name().matches("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?") ? port.name()
                : "host-" + address.replace('.', '-');
    }

    private Map<String, Object> portView(Snapshot state, Port port) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", port.id());
        view.put("network_id", port.networkId());
        view.put("mac_address", port.macAddress());
        view.put("device_id", port.deviceId());
        view.put("device_owner", port.deviceOwner());
        view.put("admin_state_up", port.adminStateUp());
        view.put("port_security_enabled", port.portSecurityEnabled());
        view.put("fixed_ips", state.fixedIps(port.id()).stream()
                .map(a -> Map.of("subnet_id", a.subnetId(), "ip_address", a.ipAddress())).toList());
        view.put("allowed_address_pairs", port.allowedAddressPairs().stream().map(AddressPair::view).toList());
        view.put("security_groups", state.groupsOfPort.getOrDefault(port.id(), List.of()));
        return view;
    }

    private List<Map<String, Object>> securityGroupViews(Snapshot state, List<Port> vmPorts) {
        Set<String> used = new TreeSet<>();
        vmPorts.forEach(p -> used.addAll(state.groupsOfPort.getOrDefault(p.id(), List.of())));
        Map<String, List<SecurityGroupRule>> rulesByGroup = securityGroups.rules(used).stream()
                .collect(Collectors.groupingBy(SecurityGroupRule::securityGroupId));
        Set<String> all = new TreeSet<>(used);
        rulesByGroup.values().forEach(rules -> rules.stream().map(SecurityGroupRule::remoteGroupId)
                .filter(id -> id != null).forEach(all::add));
        Map<String, Set<String>> members = new HashMap<>();
        state.groupsOfPort.forEach((portId, groups) -> groups.forEach(group -> {
            if (all.contains(group)) {
                state.fixedIps(portId).forEach(a -> members.computeIfAbsent(group, k -> new TreeSet<>())
                        .add(a.ipAddress()));
            }
        }));
        List<Map<String, Object>> views = new ArrayList<>();
        for (String groupId : all) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", groupId);
            view.put("rules", rulesByGroup.getOrDefault(groupId, List.of()).stream()
                    .map(DesiredNetworkState::ruleView).toList());
            view.put("member_ips", List.copyOf(members.getOrDefault(groupId, Set.of())));
            views.add(view);
        }
        return views;
    }

    private static Map<String, Object> ruleView(SecurityGroupRule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("direction", rule.direction());
        view.put("ethertype", rule.ethertype());
        view.put("protocol", rule.protocol());
        view.put("port_range_min", rule.portRangeMin());
        view.put("port_range_max", rule.portRangeMax());
        view.put("remote_ip_prefix", rule.remoteIpPrefix());
        view.put("remote_group_id", rule.remoteGroupId());
        return view;
    }

    private Map<String, Object> routerView(Snapshot state, Router router) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", router.id());
        view.put("admin_state_up", router.adminStateUp());
        view.put("enable_snat", router.enableSnat());
        Map<String, Object> gateway = null;
        Port gatewayPort = router.gatewayPortId() == null ? null : state.portById.get(router.gatewayPortId());
        if (gatewayPort != null && !state.fixedIps(gatewayPort.id()).isEmpty()) {
            Allocation address = state.fixedIps(gatewayPort.id()).get(0);
            Subnet subnet = state.subnets.get(address.subnetId());
            Network network = state.networks.get(router.gatewayNetworkId());
            gateway = new LinkedHashMap<>();
            gateway.put("network_id", router.gatewayNetworkId());
            gateway.put("physical_network", network == null ? null : network.physicalNetwork());
            gateway.put("port_id", gatewayPort.id());
            gateway.put("mac_address", gatewayPort.macAddress());
            gateway.put("ip_address", address.ipAddress());
            gateway.put("cidr", subnet.cidr());
            gateway.put("gateway_ip", subnet.gatewayIp());
        }
        view.put("gateway", gateway);
        List<Map<String, Object>> interfaces = new ArrayList<>();
        for (Port port : state.routerPorts(router.id())) {
            if (!port.deviceOwner().equals(Port.OWNER_ROUTER_INTERFACE)) {
                continue;
            }
            for (Allocation address : state.fixedIps(port.id())) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("port_id", port.id());
                item.put("network_id", port.networkId());
                item.put("subnet_id", address.subnetId());
                item.put("mac_address", port.macAddress());
                item.put("ip_address", address.ipAddress());
                item.put("cidr", state.subnets.get(address.subnetId()).cidr());
                interfaces.add(item);
            }
        }
        view.put("interfaces", interfaces);
        view.put("routes", router.routes().stream()
                .map(r -> Map.of("destination", r.destination(), "nexthop", r.nexthop())).toList());
        view.put("floating_ips", state.floatingIps.stream()
                .filter(f -> router.id().equals(f.routerId()) && f.isAssociated())
                .map(f -> Map.of("id", f.id(), "floating_ip_address", f.floatingIpAddress(),
                        "fixed_ip_address", f.fixedIpAddress()))
                .toList());
        return view;
    }

    /** One read of everything the document is computed from. */
    private final class Snapshot {
        final Map<String, NetworkHost> hosts = DesiredNetworkState.this.hosts.all().stream()
                .collect(Collectors.toMap(NetworkHost::hostId, Function.identity()));
        final Map<String, Network> networks = DesiredNetworkState.this.networks.all().stream()
                .collect(Collectors.toMap(Network::id, Function.identity()));
        final Map<String, Subnet> subnets = DesiredNetworkState.this.subnets.all().stream()
                .collect(Collectors.toMap(Subnet::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        final List<Port> ports = DesiredNetworkState.this.ports.all();
        final Map<String, Port> portById = ports.stream().collect(Collectors.toMap(Port::id, Function.identity()));
        final Map<String, List<Allocation>> fixedByPort = allocations.fixed().stream()
                .collect(Collectors.groupingBy(Allocation::portId));
        final Map<String, List<String>> groupsOfPort = DesiredNetworkState.this.ports.securityGroupsByPort();
        final Map<String, Router> routers = DesiredNetworkState.this.routers.all().stream()
                .collect(Collectors.toMap(Router::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        final List<FloatingIp> floatingIps = DesiredNetworkState.this.floatingIps.all();

        List<Allocation> fixedIps(String portId) {
            return fixedByPort.getOrDefault(portId, List.of());
        }

        List<Port> portsOf(String networkId) {
            return ports.stream().filter(p -> p.networkId().equals(networkId)).toList();
        }

        List<Subnet> subnetsOf(String networkId) {
            return subnets.values().stream().filter(s -> s.networkId().equals(networkId)).toList();
        }

        List<Port> routerPorts(String routerId) {
            return ports.stream().filter(p -> p.isRouterPort() && p.deviceId().equals(routerId)).toList();
        }
    }
}
