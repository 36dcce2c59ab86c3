package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.store.Transactions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places a request on a host and claims the resources there. Hosts are filtered and weighed on the cached view;
 * one of the best {@code hostSubsetSize} hosts is chosen at random; the claim is a compare-and-swap on the host's
 * generation plus the allocation rows, in one transaction with the caller's hook. A failed swap means someone else
 * (another thread, another controller) changed the host: it is re-read and the decision made again. Threads of one
 * controller take a host's lock while claiming on it, so they do not race each other into conflicts.
 */
public final class Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final int MAX_ROUNDS = 200;
    private static final int CANDIDATES = 8;
    private static final double PREFERENCE = 0.05;

    private final HostStateCache cache;
    private final PlacementRepository placement;
    private final Transactions transactions;
    private final SchedulerSettings settings;
    private final List<HostFilter> filters;
    private final List<HostWeigher> weighers;
    private final Clock clock;
    private final Map<String, HostLock> hostLocks = new ConcurrentHashMap<>();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final long seed = ThreadLocalRandom.current().nextLong();

    public Scheduler(HostStateCache cache, PlacementRepository placement, Transactions transactions,
            SchedulerSettings settings, HostAggregates aggregates, Clock clock) {
        this.cache = requireNonNull(cache, "cache is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.filters = List.of(new RetryFilter(), new ComputeFilter(settings.hostDownAfterSeconds()),
                new AvailabilityZoneFilter(), new ImagePropertiesFilter(), new ServerGroupAffinityFilter(),
                new ServerGroupAntiAffinityFilter(), new AggregateInstanceExtraSpecsFilter(aggregates),
                new ResourceFilter());
        this.weighers = List.of(new RamWeigher(settings.ramWeightMultiplier()),
                new ServerGroupSoftWeigher(settings.softAffinityWeightMultiplier()));
    }

    public HostStateCache cache() {
        return cache;
    }

    /** Claims made by this scheduler, and claims that lost their compare-and-swap to a concurrent change. */
    public record Stats(long claims, long conflicts) {
    }

    public Stats stats() {
        return new Stats(claims.get(), conflicts.get());
    }

    /**
     * Chooses a host for the request and claims its resources there, running {@code hook} in the claim's
     * transaction. {@code requests} is asked again when the hook rejects a claim, so constraints are re-read.
     *
     * @throws NoValidHostException when no host passes the filters
     */
    public HostState place(Supplier<ScheduleRequest> requests, ClaimHook hook) {
        ScheduleRequest request = requests.get();
        List<HostFilter> applicable = applicable(request);
        Set<String> full = new HashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<HostState> ranked = rank(request, applicable, full);
            if (ranked.isEmpty()) {
                throw new NoValidHostException(round == 0
                        ? "There are not enough hosts available."
                        : "There are not enough hosts available (claims raced with other requests).");
            }
            HostLock lock = lockOne(order(ranked));
            if (lock == null) {
                continue;
            }
            try {
                HostState current = cache.get(lock.hostId).orElse(null);
                if (current == null || !passes(current, request, applicable, clock.millis())) {
                    full.add(lock.hostId);
                    continue;
                }
                Outcome outcome = claim(current, request, hook);
                if (outcome == Outcome.CLAIMED) {
                    return current.claimed(request.resources());
                }
                if (outcome == Outcome.CONFLICT) {
                    cache.refresh(current.id());
                } else {
                    request = requests.get();
                    applicable = applicable(request);
                    full.clear();
                }
            } finally {
                lock.unlock();
            }
        }
        throw new NoValidHostException("Claims kept conflicting with concurrent requests.");
    }

    /**
     * Locks the first candidate no other thread of this controller is claiming on; when all are taken, waits a
     * little for the best one, whose holder is only finishing a short transaction (spinning would starve it).
     */
    private HostLock lockOne(List<HostState> candidates) {
        for (HostState candidate : candidates) {
            HostLock lock = hostLocks.computeIfAbsent(candidate.id(), HostLock::new);
            if (lock.tryLock()) {
                return lock;
            }
        }
        HostLock best = hostLocks.computeIfAbsent(candidates.get(0).id(), HostLock::new);
        try {
            return best.tryLock(100, TimeUnit.MILLISECONDS) ? best : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoValidHostException("Interrupted while waiting for a host.");
        }
    }

    /** The lock this controller's threads take while claiming on a host, knowing which host it guards. */
    private static final class HostLock extends ReentrantLock {
        private final String hostId;

        HostLock(String hostId) {
            this.hostId = hostId;
        }
    }

    /** Claims on one given host (a resize on the server's own host), with the same compare-and-swap. */
    public boolean claimOn(String hostId, ScheduleRequest request, ClaimHook hook) {
        for (int attempt = 0; attempt < MAX_ROUNDS; attempt++) {
            ReentrantLock lock = hostLocks.computeIfAbsent(hostId, HostLock::new);
            lock.lock();
            try {
                HostState current = cache.get(hostId).or(() -> cache.refresh(hostId)).orElse(null);
                if (current == null || !current.fits(request.resources())) {
                    current = cache.refresh(hostId).orElse(null);
                    if (current == null || !current.fits(request.resources())) {
                        return false;
                    }
                }
                Outcome outcome = claim(current, request, hook);
                if (outcome == Outcome.CLAIMED) {
                    return true;
                }
                cache.refresh(hostId);
            } finally {
                lock.unlock();
            }
        }
        return false;
    }

    private enum Outcome { CLAIMED, CONFLICT, REJECTED }

    private Outcome claim(HostState host, ScheduleRequest request, ClaimHook hook) {
        try {
            boolean swapped = transactions.run(() -> {
                if (!placement.swapGeneration(host.id(), host.generation())) {
                    return false;
                }
                hook.onClaim(host);
                placement.allocate(request.consumerId(), host.id(), request.resources());
                return true;
            });
            if (!swapped) {
                conflicts.incrementAndGet();
                return Outcome.CONFLICT;
            }
        } catch (ClaimRejectedException e) {
            log.debug("Claim rolled back consumer_id={} host={} reason={}", request.consumerId(), host.hostname(),
                    e.getMessage());
            return Outcome.REJECTED;
        }
        cache.put(host.claimed(request.resources()));
        claims.incrementAndGet();
        return Outcome.CLAIMED;
    }

    /**
     * The best hosts for the request, best first: the ones passing every filter, weighed, and cut to the few a
     * decision needs (a full sort of every host for every placement would dominate the scheduler's cost).
     */
    private List<HostState> rank(ScheduleRequest request, List<HostFilter> applicable, Set<String> skipped) {
        long now = clock.millis();
        List<HostState> hosts = cache.hosts();
        HostState[] passing = new HostState[hosts.size()];
        int count = 0;
        for (HostState host : hosts) {
            if (!skipped.contains(host.id()) && passes(host, request, applicable, now)) {
                passing[count++] = host;
            }
        }
        if (count <= 1) {
            return count == 0 ? List.of() : List.of(passing[0]);
        }
        double[] scores = new double[count];
        double[] raw = new double[count];
        for (HostWeigher weigher : weighers) {
            if (weigher.multiplier() == 0 || !weigher.appliesTo(request)) {
                continue;
            }
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                raw[i] = weigher.raw(passing[i], request);
                min = Math.min(min, raw[i]);
                max = Math.max(max, raw[i]);
            }
            double range = max - min;
            if (range == 0) {
                continue;
            }
            for (int i = 0; i < count; i++) {
                scores[i] += weigher.multiplier() * (raw[i] - min) / range;
            }
        }
        for (int i = 0; i < count; i++) {
            scores[i] += preference(passing[i]);
        }
        int[] best = new int[Math.min(count, Math.max(settings.hostSubsetSize(), CANDIDATES))];
        int size = 0;
        for (int i = 0; i < count; i++) {
            if (size < best.length) {
                size++;
            } else if (scores[i] <= scores[best[size - 1]]) {
                continue;
            }
            int at = size - 1;
            while (at > 0 && scores[best[at - 1]] < scores[i]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        List<HostState> ranked = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ranked.add(passing[best[i]]);
        }
        return ranked;
    }

    /**
     * A small, fixed preference of this scheduler instance for each host (at most {@value #PREFERENCE} of a
     * weigher's range). It only reorders hosts of nearly equal weight, and differently on each controller, so that
     * controllers sharing a database spread over the best hosts instead of all racing for the same one.
     */
    private double preference(HostState host) {
        long mixed = (seed ^ host.id().hashCode()) * 0x9E3779B97F4A7C15L;
        return PREFERENCE * ((mixed >>> 40) / (double) (1L << 24));
    }

    private List<HostFilter> applicable(ScheduleRequest request) {
        return filters.stream().filter(f -> f.appliesTo(request)).toList();
    }

    private static boolean passes(HostState host, ScheduleRequest request, List<HostFilter> applicable,
            long now) {
        if (request.forcedHost() != null) {
            return host.hostname().equals(request.forcedHost()) && host.fits(request.resources());
        }
        for (HostFilter filter : applicable) {
            if (!filter.passes(host, request, now)) {
                return false;
            }
        }
        return true;
    }

    /** One of the best hosts at random first (Nova's host_subset_size), then the rest in rank order. */
    private List<HostState> order(List<HostState> ranked) {
        int subset = Math.min(settings.hostSubsetSize(), ranked.size());
        int first = subset == 1 ? 0 : ThreadLocalRandom.current().nextInt(subset);
        List<HostState> ordered = new ArrayList<>(ranked.size());
        ordered.add(ranked.get(first));
        for (int i = 0; i < ranked.size(); i++) {
            if (i != first) {
                ordered.add(ranked.get(i));
            }
        }
        return ordered;
    }
}
