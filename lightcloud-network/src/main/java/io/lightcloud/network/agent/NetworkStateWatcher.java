package io.lightcloud.network.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.web.LongPolls;
import io.lightcloud.network.store.NetworkGeneration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * Holds agents' long-polls for network state. A poll answers at once when the agent's generation is not the
 * current one; otherwise when a change committed on this controller wakes it, when a periodic look at the database
 * sees a change another controller made, or when its wait runs out.
 */
public final class NetworkStateWatcher implements LongPolls, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkStateWatcher.class);

    private final NetworkGeneration generation;
    private final Function<String, Object> responder;
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private volatile boolean draining;

    private record Waiter(String hostId, long since, Instant deadline, DeferredResult<Object> result) {
    }

    /** {@code responder} builds the document for a host. */
    public NetworkStateWatcher(NetworkGeneration generation, Function<String, Object> responder,
            Duration checkInterval) {
        this.generation = requireNonNull(generation, "generation is null");
        this.responder = requireNonNull(responder, "responder is null");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "network-state-ticker"));
        this.workers = Executors.newFixedThreadPool(2, r -> daemon(r, "network-state-responder"));
        generation.addListener(this::wakeAll);
        long millis = checkInterval.toMillis();
        ticker.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    public DeferredResult<Object> poll(String hostId, long since, Duration wait) {
        DeferredResult<Object> result = new DeferredResult<>(wait.toMillis() + 15_000L);
        if (generation.current() != since || wait.isZero() || draining) {
            result.setResult(responder.apply(hostId));
            return result;
        }
        Waiter waiter = new Waiter(hostId, since, Instant.now().plus(wait), result);
        result.onTimeout(() -> result.setResult(responder.apply(hostId)));
        result.onCompletion(() -> waiting.remove(waiter));
        waiting.add(waiter);
        if (draining) {
            answer(waiter);
        }
        return result;
    }

    @Override
    public void drain() {
        draining = true;
        wakeAll();
    }

    private void wakeAll() {
        List.copyOf(waiting).forEach(this::answer);
    }

    private void answer(Waiter waiter) {
        if (!waiting.remove(waiter)) {
            return;
        }
        workers.execute(() -> {
            try {
                waiter.result().setResult(responder.apply(waiter.hostId()));
            } catch (RuntimeException e) {
                log.error("Answering a network-state poll failed host_id={}", waiter.hostId(), e);
                waiter.result().setErrorResult(e);
            }
        });
    }

    private void tick() {
        try {
            if (waiting.isEmpty()) {
                return;
            }
            long current = generation.current();
            Instant now = Instant.now();
            for (Waiter waiter : List.copyOf(waiting)) {
                if (waiter.since() != current || !now.isBefore(waiter.deadline())) {
                    answer(waiter);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Checking the network generation failed; retrying on the next tick", e);
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
