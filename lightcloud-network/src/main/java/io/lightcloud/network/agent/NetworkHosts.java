package io.lightcloud.network.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.network.core.Network;
import io.lightcloud.network.core.NetworkRepository;
import io.lightcloud.network.host.AgentHostRepository.NetworkHost;
import io.lightcloud.network.host.AgentHostRepository;
import io.lightcloud.network.host.HostLiveness;
import io.lightcloud.network.port.DhcpScheduler;
import io.lightcloud.network.store.NetworkGeneration;
import io.lightcloud.network.store.NetworkTransactions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Records what an agent reports with each poll (its tunnel endpoint and flat networks, and that it is alive) and
 * then places what needs a live host: routers without one, and DHCP servers whose host went down.
 */
@Component
public class NetworkHosts {
    private final AgentHostRepository hosts;
    private final NetworkRepository networks;
    private final RouterScheduler routers;
    private final DhcpScheduler dhcp;
    private final HostLiveness liveness;
    private final NetworkTransactions transactions;
    private final NetworkGeneration generation;

    public NetworkHosts(AgentHostRepository hosts, NetworkRepository networks, RouterScheduler routers,
            DhcpScheduler dhcp, HostLiveness liveness, NetworkTransactions transactions,
            NetworkGeneration generation) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.dhcp = requireNonNull(dhcp, "dhcp is null");
        this.liveness = requireNonNull(liveness, "liveness is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.generation = requireNonNull(generation, "generation is null");
    }

    public void report(AgentHost agent, String tunnelIp, List<String> physicalNetworks) {
        transactions.run(() -> {
            NetworkHost reported = new NetworkHost(agent.id(), agent.hostname(), tunnelIp, physicalNetworks,
                    Instant.now());
            Optional<NetworkHost> known = hosts.find(agent.id());
            boolean changed = known.map(h -> !h.tunnelIp().equals(tunnelIp) || !h.hostname().equals(agent.hostname())
                    || !h.physicalNetworks().equals(physicalNetworks)).orElse(true);
            if (known.isPresent()) {
                hosts.update(reported);
            } else {
                hosts.insert(reported);
            }
            boolean placed = routers.placeAll();
            for (Network network : networks.all()) {
                if (network.dhcpHostId() != null && !liveness.isUp(network.dhcpHostId())) {
                    placed |= dhcp.schedule(network.id());
                }
            }
            if (changed || placed) {
                generation.bump();
            }
        });
    }
}
