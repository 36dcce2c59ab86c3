package io.lightcloud.compute.scheduler;

import static java.util.Objects.requireNonNull;

import io.lightcloud.compute.placement.PlacementRepository;
import io.lightcloud.compute.store.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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

    private final HostStateCache cache;
    private final PlacementRepository placement;
    private final Transactions transactions;
    private final SchedulerSettings settings;
    private final List<HostFilter> filters;
    private final List<HostWeigher> weighers;
    private final Clock clock;
    private final Map<String, ReentrantLock> hostLocks = new ConcurrentHashMap<>();

    public Scheduler(HostStateCache cache, PlacementRepository placement, Transactions transactions,
            SchedulerSettings settings, Clock clock) {
        this.cache = requireNonNull(cache, "cache is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.filters = List.of(new RetryFilter(), new ComputeFilter(settings.hostDownAfterSeconds()),
                new AvailabilityZoneFilter(), new ImagePropertiesFilter(), new ServerGroupAffinityFilter(),
                new ServerGroupAntiAffinityFilter(), new ResourceFilter());
        this.weighers = List.of(new RamWeigher(settings.ramWeightMultiplier()),
                new ServerGroupSoftWeigher(settings.softAffinityWeightMultiplier()));
    }

    public HostStateCache cache() {
        return cache;
    }

    /**
     * Chooses a host for the request and claims its resources there, running {@code hook} in the claim's
     * transaction. {@code requests} is asked again when the hook rejects a claim, so constraints are re-read.
     *
     * @throws NoValidHostException when no host passes the filters
     */
    public HostState place(Supplier<ScheduleRequest> requests, ClaimHook hook) {
        ScheduleRequest request = requests.get();
        Set<String> full = new HashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<HostState> ranked = rank(request, full);
            if (ranked.isEmpty()) {
                throw new NoValidHostException(round == 0
                        ? "There are not enough hosts available."
                        : "There are not enough hosts available (claims raced with other requests).");
            }
            boolean locked = false;
            for (HostState candidate : order(ranked)) {
                ReentrantLock lock = hostLocks.computeIfAbsent(candidate.id(), id -> new ReentrantLock());
                if (!lock.tryLock()) {
                    continue;
                }
                locked = true;
                try {
                    HostState current = cache.get(candidate.id()).orElse(null);
                    if (current == null || !passes(current, request, clock.instant())) {
                        full.add(candidate.id());
                        break;
                    }
                    Outcome outcome = claim(current, request, hook);
                    if (outcome == Outcome.CLAIMED) {
                        return current.claimed(request.resources());
                    }
                    if (outcome == Outcome.CONFLICT) {
                        cache.refresh(current.id());
                    } else {
                        request = requests.get();
                        full.clear();
                    }
                    break;
                } finally {
                    lock.unlock();
                }
            }
            if (!locked) {
                Thread.onSpinWait();
            }
        }
        throw new NoValidHostException("Claims kept conflicting with concurrent requests.");
    }

    /** Claims on one given host (a resize on the server's own host), with the same compare-and-swap. */
    public boolean claimOn(String hostId, ScheduleRequest request, ClaimHook hook) {
        for (int attempt = 0; attempt < MAX_ROUNDS; attempt++) {
            ReentrantLock lock = hostLocks.computeIfAbsent(hostId, id -> new ReentrantLock());
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
                return Outcome.CONFLICT;
            }
        } catch (ClaimRejectedException e) {
            log.debug("Claim rolled back consumer_id={} host={} reason={}", request.consumerId(), host.hostname(),
                    e.getMessage());
            return Outcome.REJECTED;
        }
        cache.put(host.claimed(request.resources()));
        return Outcome.CLAIMED;
    }

    private List<HostState> rank(ScheduleRequest request, Set<String> skipped) {
        Instant now = clock.instant();
        List<HostState> passing = new ArrayList<>();
        for (HostState host : cache.hosts()) {
            if (!skipped.contains(host.id()) && (request.forcedHost() == null || host.hostname().equals(
                    request.forcedHost())) && passes(host, request, now)) {
                passing.add(host);
            }
        }
        if (passing.size() <= 1) {
            return passing;
        }
        double[] scores = new double[passing.size()];
        for (HostWeigher weigher : weighers) {
            if (weigher.multiplier() == 0) {
                continue;
            }
            double[] raw = new double[passing.size()];
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (int i = 0; i < raw.length; i++) {
                raw[i] = weigher.raw(passing.get(i), request);
                min = Math.min(min, raw[i]);
                max = Math.max(max, raw[i]);
            }
            double range = max - min;
            for (int i = 0; i < raw.length; i++) {
                scores[i] += weigher.multiplier() * (range == 0 ? 0 : (raw[i] - min) / range);
            }
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            indexes.add(i);
        }
        indexes.sort(Comparator.comparingDouble((Integer i) -> -scores[i]));
        List<HostState> ranked = new ArrayList<>(passing.size());
        indexes.forEach(i -> ranked.add(passing.get(i)));
        return ranked;
    }

    private boolean passes(HostState host, ScheduleRequest request, Instant now) {
        if (request.forcedHost() != null) {
            return host.hostname().equals(request.forcedHost()) && host.fits(request.resources());
        }
        for (HostFilter filter : filters) {
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
