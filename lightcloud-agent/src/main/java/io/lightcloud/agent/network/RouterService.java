package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.network.NetworkDocument.FloatingIp;
import io.lightcloud.agent.network.NetworkDocument.Gateway;
import io.lightcloud.agent.network.NetworkDocument.Network;
import io.lightcloud.agent.network.NetworkDocument.Route;
import io.lightcloud.agent.network.NetworkDocument.Router;
import io.lightcloud.agent.network.NetworkDocument.RouterInterface;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A router on this host: the {@code lcrtr-} namespace with IP forwarding, a {@code qr-} leg on each interface's
 * network bridge, a {@code qg-} leg on the external bridge carrying the gateway and floating addresses, the default
 * and static routes, and the NAT table.
 */
public final class RouterService {
    private static final Logger log = LoggerFactory.getLogger(RouterService.class);

    private final NetworkCommands commands;
    private final DeviceNames names;
    private final NamespaceLegs legs;
    private final RouterNatRenderer nat = new RouterNatRenderer();

    public RouterService(NetworkCommands commands, DeviceNames names, NamespaceLegs legs) {
        this.commands = requireNonNull(commands, "commands");
        this.names = requireNonNull(names, "names");
        this.legs = requireNonNull(legs, "legs");
    }

    /** {@code bridgeOf} names the bridge of a network of the document; returns the namespace. */
    public String converge(Router router, Function<String, Network> networks, Function<Network, String> bridgeOf,
            LinkTable hostLinks, Set<String> namespaces) {
        String namespace = names.routerNamespace(router.id());
        boolean created = !namespaces.contains(namespace);
        legs.ensureNamespace(namespace, namespaces);
        if (created) {
            commands.in(namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        }
        Set<String> keep = new HashSet<>();
        for (RouterInterface itf : router.interfaces()) {
            Network network = networks.apply(itf.networkId());
            String inside = DeviceNames.routerInterface(itf.portId());
            keep.add(inside);
            legs.ensureLeg(namespace, DeviceNames.routerBridgeSide(itf.portId()), inside, bridgeOf.apply(network),
                    network.mtu(), itf.macAddress(), List.of(itf.ipAddress() + "/" + prefix(itf.cidr())), hostLinks);
        }
        Gateway gateway = router.gateway();
        if (gateway != null) {
            Network network = networks.apply(gateway.networkId());
            String inside = DeviceNames.routerGateway(gateway.portId());
            keep.add(inside);
            List<String> addresses = new ArrayList<>();
            addresses.add(gateway.ipAddress() + "/" + prefix(gateway.cidr()));
            for (FloatingIp fip : router.floatingIps()) {
                addresses.add(fip.floatingIpAddress() + "/32");
            }
            legs.ensureLeg(namespace, DeviceNames.routerBridgeSide(gateway.portId()), inside,
                    bridgeOf.apply(network), network.mtu(), gateway.macAddress(), addresses, hostLinks);
        }
        legs.removeStaleInside(namespace, "qr-", keep);
        legs.removeStaleInside(namespace, "qg-", keep);
        convergeRoutes(namespace, router);
        commands.inWithInput(namespace, nat.render(router), "nft", "-f", "-");
        return namespace;
    }

    /** The gateway routes ({@code via} routes) of the namespace: the default route and the static routes. */
    private void convergeRoutes(String namespace, Router router) {
        Map<String, String> desired = new LinkedHashMap<>();
        if (router.gateway() != null && router.gateway().gatewayIp() != null) {
            desired.put("default", router.gateway().gatewayIp());
        }
        for (Route route : router.routes()) {
            desired.put(Ipv4Cidr.parse(route.destination()).network().toString(), route.nexthop());
        }
        Map<String, String> present = new LinkedHashMap<>();
        for (JsonNode route : commands.inJson(namespace, "ip", "-j", "-4", "route", "show")) {
            if (route.has("gateway")) {
                present.put(route.path("dst").asString(), route.path("gateway").asString());
            }
        }
        for (Map.Entry<String, String> route : present.entrySet()) {
            if (!route.getValue().equals(desired.get(route.getKey()))) {
                commands.inAllowingFailure(namespace, "ip", "route", "del", route.getKey());
                log.info("route removed namespace={} destination={} via={}", namespace, route.getKey(),
                        route.getValue());
            }
        }
        for (Map.Entry<String, String> route : desired.entrySet()) {
            if (!route.getValue().equals(present.get(route.getKey()))) {
                commands.in(namespace, "ip", "route", "replace", route.getKey(), "via", route.getValue());
                log.info("route set namespace={} destination={} via={}", namespace, route.getKey(),
                        route.getValue());
            }
        }
    }

    private static int prefix(String cidr) {
        return Ipv4Cidr.parse(cidr).prefixLength();
    }
}
