package io.lightcloud.compute.aggregate;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.compute.host.ComputeHost;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.scheduler.HostStateCache;
import io.lightcloud.compute.store.Transactions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Nova's aggregate rules. A change that moves a host to another zone is refused while the host runs servers (their
 * recorded zone would stop being true), as is one that would put a host in two zones; either is checked after the
 * change inside its transaction, so the refusal rolls everything back.
 */
@Service
public class AggregateService {
    private static final Logger log = LoggerFactory.getLogger(AggregateService.class);

    private final AggregateRepository aggregates;
    private final HostRepository hosts;
    private final HostStateCache scheduler;
    private final AggregateHostMetadata schedulerMetadata;
    private final Transactions transactions;

    public AggregateService(AggregateRepository aggregates, HostRepository hosts, HostStateCache scheduler,
            AggregateHostMetadata schedulerMetadata, Transactions transactions) {
        this.aggregates = requireNonNull(aggregates, "aggregates is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.schedulerMetadata = requireNonNull(schedulerMetadata, "schedulerMetadata is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public List<Aggregate> list() {
        return aggregates.list();
    }

    public Aggregate get(long id) {
        return aggregates.find(id).orElseThrow(() -> notFound(id));
    }

    public Aggregate create(String name, String zone) {
        long id = unique(name, () -> transactions.run(() -> {
            requireFreeName(name, -1);
            long created = aggregates.create(name);
            if (zone != null) {
                aggregates.putMetadata(created, Aggregate.ZONE_KEY, zone);
            }
            return created;
        }));
        log.info("Created aggregate aggregate_id={} name={} availability_zone={}", id, name, zone);
        return get(id);
    }

    /** Renames and/or re-zones; {@code zone} is applied when {@code changeZone} (null removes the zone). */
    public Aggregate update(long id, String name, boolean changeZone, String zone) {
        unique(name, () -> transactions.run(() -> {
            Aggregate aggregate = get(id);
            if (name != null) {
                requireFreeName(name, id);
                aggregates.rename(id, name);
            }
            if (changeZone) {
                aggregates.putMetadata(id, Aggregate.ZONE_KEY, zone);
                changed();
                rezone(aggregate, aggregates.hostIds(id), ApiException::badRequest);
            }
            return id;
        }));
        log.info("Updated aggregate aggregate_id={} name={} availability_zone={}", id, name, changeZone ? zone : "-");
        return get(id);
    }

    /** Sets each item; a null value removes it. */
    public Aggregate setMetadata(long id, Map<String, String> metadata) {
        transactions.run(() -> {
            Aggregate aggregate = get(id);
            metadata.forEach((key, value) -> aggregates.putMetadata(id, key, value));
            changed();
            if (metadata.containsKey(Aggregate.ZONE_KEY)) {
                rezone(aggregate, aggregates.hostIds(id), ApiException::badRequest);
            }
        });
        log.info("Set aggregate metadata aggregate_id={} keys={}", id, metadata.keySet());
        return get(id);
    }

    public Aggregate addHost(long id, String hostname) {
        transactions.run(() -> {
            Aggregate aggregate = get(id);
            ComputeHost host = host(hostname);
            if (aggregates.hasHost(id, host.id())) {
                throw ApiException.conflict("Aggregate " + id + " already has host " + hostname + ".");
            }
            aggregates.addHost(id, host.id());
            changed();
            rezone(aggregate, List.of(host.id()), ApiException::conflict);
        });
        log.info("Added host to aggregate aggregate_id={} host={}", id, hostname);
        return get(id);
    }

    public Aggregate removeHost(long id, String hostname) {
        transactions.run(() -> {
            Aggregate aggregate = get(id);
            ComputeHost host = hosts.findByHostname(hostname).filter(h -> aggregates.hasHost(id, h.id()))
                    .orElseThrow(() -> ApiException.notFound("Cannot remove host " + hostname + " in aggregate " + id
                            + "."));
            aggregates.removeHost(id, host.id());
            changed();
            rezone(aggregate, List.of(host.id()), ApiException::conflict);
        });
        log.info("Removed host from aggregate aggregate_id={} host={}", id, hostname);
        return get(id);
    }

    public void delete(long id) {
        transactions.run(() -> {
            Aggregate aggregate = get(id);
            if (!aggregate.hosts().isEmpty()) {
                throw ApiException.badRequest("Cannot delete aggregate " + id + ". Reason: Host aggregate is not "
                        + "empty.");
            }
            aggregates.delete(id);
            changed();
        });
        log.info("Deleted aggregate aggregate_id={}", id);
    }

    /**
     * Applies the zone each of {@code hostIds} is in after the change, refusing a host that would be in two zones
     * or that runs servers and would change zone.
     */
    private void rezone(Aggregate aggregate, Collection<String> hostIds, Function<String, ApiException> refusal) {
        for (String hostId : hostIds) {
            ComputeHost host = hosts.find(hostId).orElseThrow();
            List<String> zones = aggregates.zonesOfHost(hostId);
            if (zones.size() > 1) {
                throw refusal.apply("Cannot change aggregate " + aggregate.id() + ": host " + host.hostname()
                        + " would be in more than one availability zone " + zones + ".");
            }
            if (hosts.refreshZone(hostId)) {
                if (hosts.liveInstanceCount(hostId) > 0) {
                    throw refusal.apply("Cannot change aggregate " + aggregate.id() + ": host " + host.hostname()
                            + " has servers in availability zone " + host.availabilityZone()
                            + "; move or delete them first.");
                }
                log.info("Host changes availability zone host={} from={} to={}", host.hostname(),
                        host.availabilityZone(), hosts.find(hostId).orElseThrow().availabilityZone());
            }
        }
        Transactions.afterCommit(scheduler::invalidate);
    }

    /** Lets this controller's scheduler see a metadata or membership change at once. */
    private void changed() {
        Transactions.afterCommit(schedulerMetadata::invalidate);
    }

    private ComputeHost host(String hostname) {
        return hosts.findByHostname(hostname).filter(h -> h.registeredAt() != null)
                .orElseThrow(() -> ApiException.notFound("Compute host " + hostname + " could not be found."));
    }

    private void requireFreeName(String name, long exceptId) {
        if (name != null && aggregates.nameTaken(name, exceptId)) {
            throw nameExists(name);
        }
    }

    /** Two creates racing past the name check meet the table's unique name: the loser gets Nova's 409 too. */
    private static long unique(String name, Supplier<Long> work) {
        try {
            return work.get();
        } catch (DuplicateKeyException e) {
            throw nameExists(name);
        }
    }

    private static ApiException nameExists(String name) {
        return ApiException.conflict("Aggregate " + name + " already exists.");
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("Aggregate " + id + " could not be found.");
    }
}
