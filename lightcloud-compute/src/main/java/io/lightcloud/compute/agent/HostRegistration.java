package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.agent.AgentHost;
import io.lightcloud.common.api.ApiException;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostFacts;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.host.HostStatusReport;
import io.lightcloud.compute.placement.InventorySettings;
import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.scheduler.HostStateCache;
import io.lightcloud.compute.store.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An agent's registration and heartbeats. Registering records the host's facts and sets its inventory from them
 * (with the cloud's allocation ratios and reserved amounts); it is idempotent, and an agent registers again after
 * every restart so that changed hardware is picked up.
 */
@Component
public class HostRegistration {
    private static final Logger log = LoggerFactory.getLogger(HostRegistration.class);

    private final HostRepository hosts;
    private final PlacementRepository placement;
    private final InventorySettings inventorySettings;
    private final HostStateCache cache;
    private final Transactions transactions;

    public HostRegistration(HostRepository hosts, PlacementRepository placement, InventorySettings inventorySettings,
            HostStateCache cache, Transactions transactions) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.inventorySettings = requireNonNull(inventorySettings, "inventorySettings is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public ComputeHost register(AgentHost agent, HostFacts facts) {
        if (!facts.hostname().equals(agent.hostname())) {
            throw ApiException.badRequest("This credential is for host " + agent.hostname() + ", not "
                    + facts.hostname() + ".");
        }
        ComputeHost host = transactions.run(() -> {
            boolean wasDown = hosts.heartbeat(agent.id(), HostStatusReport.empty());
            hosts.register(agent.id(), facts);
            boolean changed = placement.setInventory(agent.id(),
                    inventorySettings.forHost(facts.vcpus(), facts.memoryMb(), facts.diskGb()));
            if (wasDown) {
                log.info("Host is up again host={}", agent.hostname());
            }
            if (changed) {
                log.info("Host inventory set host={} vcpus={} memory_mb={} disk_gb={}", agent.hostname(),
                        facts.vcpus(), facts.memoryMb(), facts.diskGb());
            }
            return hosts.find(agent.id()).orElseThrow();
        });
        cache.refresh(agent.id());
        log.info("Agent registered host={} hypervisor={} version={} agent_version={}", agent.hostname(),
                facts.hypervisorType(), facts.hypervisorVersion(), facts.agentVersion());
        return host;
    }

    public void heartbeat(AgentHost agent, HostStatusReport report) {
        boolean wasDown = transactions.run(() -> hosts.heartbeat(agent.id(), report));
        if (wasDown) {
            log.info("Host is up again host={}", agent.hostname());
        }
    }
}
