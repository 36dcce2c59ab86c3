package io.lightcloud.network.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.core.Port;
import io.lightcloud.network.core.PortRepository;
import io.lightcloud.network.core.Router;
import io.lightcloud.network.core.RouterRepository;
import io.lightcloud.network.host.AgentHostRepository.NetworkHost;
import io.lightcloud.network.host.HostLiveness;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Places routers on hosts: one that has the bridge of the gateway's physical network when the gateway is on a flat
 * network, else any up host, the least loaded first. A router stays on its host while that host is up. Its ports
 * are bound to the host it is on, so other hosts know where its MACs live. Runs inside the caller's transaction.
 */
@Component
public class RouterScheduler {
    private final RouterRepository routers;
    private final NetworkRepository networks;
    private final PortRepository ports;
    private final HostLiveness liveness;

    public RouterScheduler(RouterRepository routers, NetworkRepository networks, PortRepository ports,
            HostLiveness liveness) {
        this.routers = requireNonNull(routers, "routers is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.liveness = requireNonNull(liveness, "liveness is null");
    }

    /** @return whether the router moved (or got its first host) */
    public boolean place(Router router) {
        String host = router.hostId();
        if (host == null || !liveness.isUp(host)) {
            host = choose(router);
        }
        if (host == null) {
            return false;
        }
        boolean moved = !host.equals(router.hostId());
        if (moved) {
            routers.update(router.withHost(host));
        }
        for (Port port : ports.byDevice(router.id())) {
            if (port.isRouterPort() && !port.bindingHostId().equals(host)) {
                ports.update(new Port(port.id(), port.networkId(), port.projectId(), port.name(), port.description(),
                        port.macAddress(), port.adminStateUp(), port.deviceId(), port.deviceOwner(),
                        port.portSecurityEnabled(), host, Port.ACTIVE, port.allowedAddressPairs(), false, null, null,
                        port.revisionNumber() + 1, port.createdAt(), Instant.now()));
                moved = true;
            }
        }
        return moved;
    }

    /** Places every router that has no host, or whose host went down; for an agent's poll. */
    public boolean placeAll() {
        boolean changed = false;
        for (Router router : routers.all()) {
            if (router.hostId() == null || !liveness.isUp(router.hostId())) {
                changed |= place(router);
            }
        }
        return changed;
    }

    private String choose(Router router) {
        List<NetworkHost> up = liveness.upHosts();
        if (up.isEmpty()) {
            return null;
        }
        String physical = physicalNetwork(router);
        List<NetworkHost> candidates = physical == null ? up
                : up.stream().filter(h -> h.physicalNetworks().contains(physical)).toList();
        if (candidates.isEmpty()) {
            candidates = up;
        }
        Map<String, Long> load = routers.all().stream().filter(r -> r.hostId() != null)
                .collect(Collectors.groupingBy(Router::hostId, Collectors.counting()));
        return candidates.stream()
                .min(Comparator.comparing((NetworkHost h) -> load.getOrDefault(h.hostId(), 0L))
                        .thenComparing(NetworkHost::hostId))
                .map(NetworkHost::hostId).orElse(null);
    }

    private String physicalNetwork(Router router) {
        if (!router.hasGateway()) {
            return null;
        }
        return networks.find(router.gatewayNetworkId()).filter(n -> n.networkType().equals(Network.FLAT))
                .map(Network::physicalNetwork).orElse(null);
    }
}
