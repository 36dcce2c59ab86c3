package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.web.LongPolls;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Holds agents' long-polls for desired state. A poll answers at once when the host's desired generation differs
 * from the one the agent has; otherwise it waits until a change on this controller wakes it (after the change
 * committed), until a periodic check of the database sees a change made by another controller, or until the wait
 * runs out, and then answers with the full state either way.
 */
public final class DesiredStateWatcher implements DesiredStateChanges, LongPolls, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DesiredStateWatcher.class);

    private final JdbcClient jdbc;
    private final HostRepository hosts;
    private final Function<String, Object> responder;
    private final Clock clock;
    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private volatile boolean draining;

    private record Waiter(String hostId, long since, Instant deadline, DeferredResult<Object> result) {
    }

    /** {@code responder} builds the answer for a host: its generation and the specs of its servers. */
    public DesiredStateWatcher(JdbcClient jdbc, HostRepository hosts, Function<String, Object> responder,
            Duration checkInterval, Clock clock) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.responder = requireNonNull(responder, "responder is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "desired-state-ticker"));
        this.workers = Executors.newFixedThreadPool(4, r -> daemon(r, "desired-state-responder"));
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

    @Override
    public void drain() {
        draining = true;
        List.copyOf(waiting.keySet()).forEach(this::wake);
    }

    @Override
    public void changed(String hostId) {
        hosts.bumpDesiredGeneration(hostId);
        Transactions.afterCommit(() -> wake(hostId));
    }

    private void wake(String hostId) {
        Set<Waiter> waiters = waiting.remove(hostId);
        if (waiters != null) {
            waiters.forEach(this::answer);
        }
    }

    private void answer(Waiter waiter) {
        workers.execute(() -> {
            try {
                waiter.result().setResult(responder.apply(waiter.hostId()));
            } catch (RuntimeException e) {
                log.error("Answering a desired-state poll failed host_id={}", waiter.hostId(), e);
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
            Map<String, Long> generations = new HashMap<>();
            List<String> hosts = new ArrayList<>(waiting.keySet());
            for (int i = 0; i < hosts.size(); i += 500) {
                jdbc.sql("SELECT id, desired_generation FROM compute_host WHERE id IN (:ids)")
                        .param("ids", hosts.subList(i, Math.min(hosts.size(), i + 500)))
                        .query(rs -> {
                            generations.put(rs.getString("id"), rs.getLong("desired_generation"));
                        });
            }
            for (String host : hosts) {
                Set<Waiter> waiters = waiting.get(host);
                if (waiters == null) {
                    continue;
                }
                Long generation = generations.get(host);
                for (Waiter waiter : List.copyOf(waiters)) {
                    if (generation == null || generation != waiter.since() || !now.isBefore(waiter.deadline())) {
                        waiters.remove(waiter);
                        answer(waiter);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Checking desired-state generations failed; retrying on the next tick", e);
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
