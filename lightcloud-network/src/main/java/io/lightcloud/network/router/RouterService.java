package io.lightcloud.network.router;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.network.ServerNetworking.HostRoute;
import io.lightcloud.network.address.Cidr;
import io.lightcloud.network.address.FixedIpRequest;
import io.lightcloud.network.address.Ipv4;
import io.lightcloud.network.agent.RouterScheduler;
import io.lightcloud.network.api.NeutronFaults;
import io.lightcloud.network.api.NeutronPolicy;
import io.lightcloud.network.api.Requests;
import io.lightcloud.network.api.Tenancy;
import io.lightcloud.network.core.FloatingIp;
import io.lightcloud.network.core.FloatingIpRepository;
import io.lightcloud.network.core.IpAllocationRepository.Allocation;
import io.lightcloud.network.core.IpAllocationRepository;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.Networks;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Ports;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.core.RouterRepository;
import io.lightcloud.network.core.Routers;
import io.lightcloud.network.core.Subnet;
import io.lightcloud.network.core.SubnetRepository;
import io.lightcloud.network.core.Subnets;
import io.lightcloud.network.port.PortCreator;
import io.lightcloud.network.port.PortInput;
import io.lightcloud.network.port.PortService;
import io.lightcloud.network.port.PortSpec;
import io.lightcloud.network.quota.NetworkQuotas;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import io.lightcloud.network.tag.TagRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Routers: their external gateway, interfaces and extra routes. */
@Component
public class RouterService {
    private static final Set<String> CREATE_ATTRIBUTES = Set.of("name", "description", "admin_state_up",
            "external_gateway_info", "project_id", "tenant_id", "tags", "distributed", "ha",
            "availability_zone_hints");
    private static final Set<String> UPDATE_ATTRIBUTES = Set.of("name", "description", "admin_state_up",
            "external_gateway_info", "routes", "distributed", "ha");

    private final RouterRepository routers;
    private final Routers lookup;
    private final Networks networks;
    private final Subnets subnetAccess;
    private final SubnetRepository subnets;
    private final Ports portAccess;
    private final PortRepository ports;
    private final PortCreator portCreator;
    private final PortService portService;
    private final IpAllocationRepository allocations;
    private final FloatingIpRepository floatingIps;
    private final RouterScheduler scheduler;
    private final TagRepository tags;
    private final NetworkQuotas quotas;
    private final NeutronPolicy policy;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;

    public RouterService(RouterRepository routers, Routers lookup, Networks networks, Subnets subnetAccess,
            SubnetRepository subnets, Ports portAccess, PortRepository ports, PortCreator portCreator,
            PortService portService, IpAllocationRepository allocations, FloatingIpRepository floatingIps,
            RouterScheduler scheduler, TagRepository tags, NetworkQuotas quotas, NeutronPolicy policy,
            NetworkTransactions transactions, NetworkGeneration generation) {
        this.routers = requireNonNull(routers, "routers is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnetAccess = requireNonNull(subnetAccess, "subnetAccess is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.portAccess = requireNonNull(portAccess, "portAccess is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.portCreator = requireNonNull(portCreator, "portCreator is null");
        this.portService = requireNonNull(portService, "portService is null");
        this.allocations = requireNonNull(allocations, "allocations is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.tags = requireNonNull(tags, "tags is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
    }

    public Router create(AuthContext caller, JsonFields in) {
        Requests.allowOnly(in, CREATE_ATTRIBUTES);
        refuseDistributedOrHa(in);
        String projectId = Tenancy.owningProject(caller, in);
        policy.enforce("create_router", caller, projectId);
        List<String> initialTags = in.stringList("tags", 255).orElse(List.of());
        return transactions.run(() -> {
            quotas.check(projectId, "router", 1);
            Instant now = Instant.now();
            Router router = new Router(UUID.randomUUID().toString(), projectId, in.string("name", 255).orElse(""),
                    in.string("description", 255).orElse(""), in.bool("admin_state_up").orElse(true), null, null,
                    true, List.of(), null, 1, now, now);
            routers.insert(router);
            initialTags.forEach(tag -> tags.add(router.id(), tag));
            // As Neutron, a gateway without a network (such as {}) is no gateway.
            Router withGateway = in.object("external_gateway_info").filter(gateway -> gateway.has("network_id"))
                    .map(gateway -> setGateway(caller, router, gateway, "create_router")).orElse(router);
            scheduler.place(withGateway);
            generation.bump();
            return routers.find(router.id()).orElseThrow();
        });
    }

    public Router update(AuthContext caller, String id, JsonFields in) {
        Requests.allowOnly(in, UPDATE_ATTRIBUTES);
        refuseDistributedOrHa(in);
        return transactions.run(() -> {
            Router router = lookup.visible(caller, id);
            policy.enforce("update_router", caller, router.projectId());
            if (in.has("external_gateway_info")) {
                JsonFields gateway = in.object("external_gateway_info").orElse(null);
                router = gateway == null || !gateway.has("network_id") ? clearGateway(router)
                        : setGateway(caller, router, gateway, "update_router");
            }
            List<HostRoute> routes = in.has("routes") ? routes(router, in) : router.routes();
            Router updated = new Router(router.id(), router.projectId(), Requests.name(in, router.name()),
                    Requests.description(in, router.description()),
                    in.bool("admin_state_up").orElse(router.adminStateUp()), router.gatewayNetworkId(),
                    router.gatewayPortId(), router.enableSnat(), routes, router.hostId(), router.revisionNumber() + 1,
                    router.createdAt(), Instant.now());
            routers.update(updated);
            scheduler.place(updated);
            generation.bump();
            return routers.find(id).orElseThrow();
        });
    }

    public void delete(AuthContext caller, String id) {
        transactions.run(() -> {
            Router router = lookup.visible(caller, id);
            policy.enforce("delete_router", caller, router.projectId());
            if (!interfaces(id).isEmpty()) {
                throw NeutronFaults.conflict("RouterInUse", "Router " + id + " still has ports");
            }
            clearGateway(router);
            tags.removeAll(id);
            routers.delete(id);
            generation.bump();
        });
    }

    /** {@code PUT /routers/{id}/add_router_interface}. */
    public Map<String, Object> addInterface(AuthContext caller, String id, JsonFields in) {
        String subnetId = in.string("subnet_id", 36).orElse(null);
        String portId = in.string("port_id", 36).orElse(null);
        if ((subnetId == null) == (portId == null)) {
            throw NeutronFaults.badRequest("Bad router request: Either subnet_id or port_id must be specified.");
        }
        return transactions.run(() -> {
            lookup.visible(caller, id);
            Router router = routers.findForUpdate(id).orElseThrow(() -> NeutronFaults.notFound("Router", id));
            policy.enforce("add_router_interface", caller, router.projectId());
            Port port;
            if (subnetId != null) {
                Subnet subnet = subnetAccess.visible(caller, subnetId);
                if (subnet.gatewayIp() == null) {
                    throw NeutronFaults.badRequest("Bad router request: Subnet " + subnetId
                            + " does not have a gateway IP.");
                }
                checkNoOverlap(router, subnet);
                port = portCreator.create(PortSpec.service(subnet.networkId(), router.projectId(), router.id(),
                        Port.OWNER_ROUTER_INTERFACE, List.of(new FixedIpRequest(subnet.id(), subnet.gatewayIp()))));
            } else {
                Port existing = portAccess.visible(caller, portId);
                if (!existing.deviceId().isEmpty() || !existing.deviceOwner().isEmpty()) {
                    throw NeutronFaults.conflict("PortInUse", "Unable to complete operation on port " + portId
                            + " for network " + existing.networkId() + ". Port already has an attached device "
                            + existing.deviceId() + ".");
                }
                List<Allocation> fixed = allocations.byPort(portId);
                if (fixed.isEmpty()) {
                    throw NeutronFaults.badRequest("Bad router request: Router port must have at least one fixed IP.");
                }
                for (Allocation allocation : fixed) {
                    checkNoOverlap(router, subnets.find(allocation.subnetId()).orElseThrow());
                }
                port = new Port(existing.id(), existing.networkId(), existing.projectId(), existing.name(),
                        existing.description(), existing.macAddress(), existing.adminStateUp(), router.id(),
                        Port.OWNER_ROUTER_INTERFACE, false, existing.bindingHostId(), existing.status(), List.of(),
                        false, null, null, existing.revisionNumber() + 1, existing.createdAt(), Instant.now());
                ports.update(port);
                ports.setSecurityGroups(port.id(), List.of());
            }
            scheduler.place(routers.find(id).orElseThrow());
            generation.bump();
            return interfaceInfo(router, port);
        });
    }

    /** {@code PUT /routers/{id}/remove_router_interface}: deletes the interface's port. */
    public Map<String, Object> removeInterface(AuthContext caller, String id, JsonFields in) {
        String subnetId = in.string("subnet_id", 36).orElse(null);
        String portId = in.string("port_id", 36).orElse(null);
        if (subnetId == null && portId == null) {
            throw NeutronFaults.badRequest("Bad router request: Either subnet_id or port_id must be specified.");
        }
        return transactions.run(() -> {
            Router router = lookup.visible(caller, id);
            policy.enforce("remove_router_interface", caller, router.projectId());
            Port port = interfaces(id).stream()
                    .filter(p -> portId == null || p.id().equals(portId))
                    .filter(p -> subnetId == null || allocations.byPort(p.id()).stream()
                            .anyMatch(a -> a.subnetId().equals(subnetId)))
                    .findFirst()
                    .orElseThrow(() -> portId == null
                            ? new ApiException(404, "Router " + id + " has no interface on subnet " + subnetId,
                                    "RouterInterfaceNotFoundForSubnet")
                            : new ApiException(404, "Router " + id + " does not have an interface with id " + portId,
                                    "RouterInterfaceNotFound"));
            Map<String, Object> info = interfaceInfo(router, port);
            List<String> portSubnets = allocations.byPort(port.id()).stream().map(Allocation::subnetId).toList();
            for (FloatingIp floating : floatingIps.byRouter(id)) {
                String fixedSubnet = floating.fixedIpAddress() == null ? null
                        : subnetOfAddress(floating.portId(), floating.fixedIpAddress());
                if (fixedSubnet != null && portSubnets.contains(fixedSubnet)) {
                    throw NeutronFaults.conflict("RouterInterfaceInUseByFloatingIP", "Router interface for subnet "
                            + fixedSubnet + " on router " + id + " cannot be deleted, as it is required by one or "
                            + "more floating IPs.");
                }
            }
            portService.remove(port);
            generation.bump();
            return info;
        });
    }

    /** The router's interface ports. */
    public List<Port> interfaces(String routerId) {
        return ports.byDevice(routerId).stream().filter(p -> p.deviceOwner().equals(Port.OWNER_ROUTER_INTERFACE))
                .toList();
    }

    private String subnetOfAddress(String portId, String address) {
        return allocations.byPort(portId).stream().filter(a -> a.ipAddress().equals(address))
                .map(Allocation::subnetId).findFirst().orElse(null);
    }

    private void checkNoOverlap(Router router, Subnet subnet) {
        Cidr cidr = subnet.prefix();
        for (Port existing : interfaces(router.id())) {
            for (Allocation allocation : allocations.byPort(existing.id())) {
                Subnet other = subnets.find(allocation.subnetId()).orElseThrow();
                if (other.id().equals(subnet.id())) {
                    throw NeutronFaults.badRequest("Bad router request: Router already has a port on subnet "
                            + subnet.id() + ".");
                }
                if (other.prefix().overlaps(cidr)) {
                    throw NeutronFaults.badRequest("Bad router request: Cidr " + cidr + " of subnet " + subnet.id()
                            + " overlaps with cidr " + other.cidr() + " of subnet " + other.id() + ".");
                }
            }
        }
    }

    private Router setGateway(AuthContext caller, Router router, JsonFields gateway, String action) {
        String networkId = gateway.string("network_id", 36).orElseThrow(() -> NeutronFaults.badRequest(
                "Invalid input for external_gateway_info: network_id is required."));
        Network network = networks.visible(caller, networkId);
        if (!network.external()) {
            throw NeutronFaults.badRequest("Bad router request: Network " + networkId
                    + " is not an external network.");
        }
        List<FixedIpRequest> fixedIps = PortInput.fixedIps(gateway, "external_fixed_ips");
        if (!fixedIps.isEmpty()) {
            policy.enforce(action + ":external_gateway_info:external_fixed_ips", caller, router.projectId());
        }
        boolean snat = gateway.bool("enable_snat").orElse(router.hasGateway() ? router.enableSnat() : true);
        String portId = router.gatewayPortId();
        if (!networkId.equals(router.gatewayNetworkId()) || !fixedIps.isEmpty()) {
            if (router.hasGateway() && !networkId.equals(router.gatewayNetworkId())
                    && !floatingIps.byRouter(router.id()).isEmpty()) {
                throw gatewayInUse(router);
            }
            if (portId != null) {
                ports.find(portId).ifPresent(portService::remove);
            }
            if (subnets.byNetwork(networkId).isEmpty()) {
                throw NeutronFaults.badRequest("Bad router request: No subnet on external network " + networkId
                        + ".");
            }
            Port port = portCreator.create(PortSpec.service(networkId, "", router.id(), Port.OWNER_ROUTER_GATEWAY,
                    fixedIps));
            portId = port.id();
        }
        Router updated = new Router(router.id(), router.projectId(), router.name(), router.description(),
                router.adminStateUp(), networkId, portId, snat, router.routes(), router.hostId(),
                router.revisionNumber(), router.createdAt(), Instant.now());
        routers.update(updated);
        return updated;
    }

    private Router clearGateway(Router router) {
        if (!router.hasGateway()) {
            return router;
        }
        if (floatingIps.byRouter(router.id()).stream().anyMatch(FloatingIp::isAssociated)) {
            throw gatewayInUse(router);
        }
        if (router.gatewayPortId() != null) {
            ports.find(router.gatewayPortId()).ifPresent(portService::remove);
        }
        Router cleared = new Router(router.id(), router.projectId(), router.name(), router.description(),
                router.adminStateUp(), null, null, true, router.routes(), router.hostId(), router.revisionNumber(),
                router.createdAt(), Instant.now());
        routers.update(cleared);
        return cleared;
    }

    private List<HostRoute> routes(Router router, JsonFields in) {
        List<Subnet> connected = new ArrayList<>();
        for (Port port : interfaces(router.id())) {
            allocations.byPort(port.id()).forEach(a -> subnets.find(a.subnetId()).ifPresent(connected::add));
        }
        List<HostRoute> routes = new ArrayList<>();
        for (JsonFields route : in.objectList("routes")) {
            Cidr destination = Cidr.parseLenient(route.requiredString("destination", 64), "routes");
            long nexthop = Ipv4.parse(route.requiredString("nexthop", 64), "routes");
            if (connected.stream().noneMatch(s -> s.prefix().contains(nexthop))) {
                throw new ApiException(400, "Invalid format for routes: "
                        + route.raw() + ", the nexthop is not connected with router", "InvalidRoutes");
            }
            routes.add(new HostRoute(destination.toString(), Ipv4.format(nexthop)));
        }
        return routes;
    }

    private static void refuseDistributedOrHa(JsonFields in) {
        if (in.bool("distributed").orElse(false) || in.bool("ha").orElse(false)) {
            throw NeutronFaults.badRequest("Distributed and HA routers are not supported.");
        }
    }

    private static RuntimeException gatewayInUse(Router router) {
        return NeutronFaults.conflict("RouterExternalGatewayInUseByFloatingIp", "Gateway cannot be updated for "
                + "router " + router.id() + ", since a gateway to external network is required by one or more "
                + "floating IPs.");
    }

    private Map<String, Object> interfaceInfo(Router router, Port port) {
        List<String> subnetIds = allocations.byPort(port.id()).stream().map(Allocation::subnetId).toList();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", router.id());
        info.put("tenant_id", router.projectId());
        info.put("project_id", router.projectId());
        info.put("port_id", port.id());
        info.put("network_id", port.networkId());
        info.put("subnet_id", subnetIds.isEmpty() ? null : subnetIds.get(0));
        info.put("subnet_ids", subnetIds);
        return info;
    }
}
