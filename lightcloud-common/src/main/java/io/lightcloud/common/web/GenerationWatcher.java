package io.lightcloud.common.web;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Holds agents' long-polls for a document versioned by a generation number. A poll answers at once when the agent's
 * generation is not the current one; otherwise when a change committed on this controller wakes it, when a periodic
 * look at the database sees a change another controller made, or when its wait runs out, and then answers with the
 * whole document either way.
 */
public final class GenerationWatcher implements LongPolls, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GenerationWatcher.class);

    /** The current generation of each of these hosts, as the database has it; a host left out no longer exists. */
    @FunctionalInterface
    public interface Generations {
        Map<String, Long> of(Collection<String> hostIds);
    }

    private final String name;
    private final Generations generations;
    private final Function<String, Object> responder;
    private final Clock clock;
    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private volatile boolean draining;

    private record Waiter(String hostId, long since, Instant deadline, DeferredResult<Object> result) {
    }

    /**
     * @param name what is watched, for thread names and log lines ({@code desired-state})
     * @param responder builds the document for a host
     * @param responders how many threads build documents for woken polls
     */
    public GenerationWatcher(String name, Generations generations, Function<String, Object> responder,
            Duration checkInterval, int responders, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.generations = requireNonNull(generations, "generations is null");
        this.responder = requireNonNull(responder, "responder is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-ticker"));
        this.workers = Executors.newFixedThreadPool(responders, r -> daemon(r, name + "-responder"));
        long millis = checkInterval.toMillis();
        ticker.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Answers now when the agent is behind (or does not want to wait), else when something changes. */
    public DeferredResult<Object> poll(String hostId, long since, Duration wait, long currentGeneration) {
        DeferredResult<Object> result = new DeferredResult<>(wait.toMillis() + 15_000L);
        if (currentGeneration != since || wait.isZero() || draining) {
            result.setResult(responder.apply(hostId));
            return result;
        }
        Waiter waiter = new Waiter(hostId, since, clock.instant().plus(wait), result);
        result.onTimeout(() -> result.setResult(responder.apply(hostId)));
        result.onCompletion(() -> remove(waiter));
        waiting.computeIfAbsent(hostId, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        if (draining) {
            wake(hostId);
        }
        return result;
    }

    /** Answers the host's open polls; call it once the change that concerns the host committed. */
    public void wake(String hostId) {
        Set<Waiter> waiters = waiting.remove(hostId);
        if (waiters != null) {
            waiters.forEach(this::answer);
        }
    }

    /** Answers every open poll; for a change that concerns every host. */
    public void wakeAll() {
        List.copyOf(waiting.keySet()).forEach(this::wake);
    }

    @Override
    public void drain() {
        draining = true;
        wakeAll();
    }

    private void answer(Waiter waiter) {
        workers.execute(() -> {
            try {
                waiter.result().setResult(responder.apply(waiter.hostId()));
            } catch (RuntimeException e) {
                log.error("Answering a {} poll failed host_id={}", name, waiter.hostId(), e);
                waiter.result().setErrorResult(e);
            }
        });
    }

    private void remove(Waiter waiter) {
        Set<Waiter> waiters = waiting.get(waiter.hostId());
        if (waiters != null) {
            waiters.remove(waiter);
        }
    }

    private void tick() {
        try {
            if (waiting.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            List<String> hosts = new ArrayList<>(waiting.keySet());
            Map<String, Long> current = generations.of(hosts);
            for (String host : hosts) {
                Set<Waiter> waiters = waiting.get(host);
                if (waiters == null) {
                    continue;
                }
                Long generation = current.get(host);
                for (Waiter waiter : List.copyOf(waiters)) {
                    if ((generation == null || generation != waiter.since() || !now.isBefore(waiter.deadline()))
                            && waiters.remove(waiter)) {
                        answer(waiter);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Checking {} generations failed; retrying on the next tick", name, e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
