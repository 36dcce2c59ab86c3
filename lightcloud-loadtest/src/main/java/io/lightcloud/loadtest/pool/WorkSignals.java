package io.lightcloud.loadtest.pool;

import io.lightcloud.common.web.LongPolls;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Holds executors' work long-polls. Each executor has a generation in memory, bumped whenever its assignments change
 * (a run placed on it, stopped or finished); a poll behind the generation answers at once, else waits for a bump or
 * its time-out. Generations start from the clock, so after a controller restart every executor re-reads its work.
 */
public final class WorkSignals implements LongPolls {
    private final AtomicLong base = new AtomicLong(System.currentTimeMillis());
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<String, Set<Runnable>> waiters = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public long generation(String executorId) {
        return generations.computeIfAbsent(executorId, id -> new AtomicLong(base.get())).get();
    }

    public void bump(String executorId) {
        generations.computeIfAbsent(executorId, id -> new AtomicLong(base.get())).incrementAndGet();
        Set<Runnable> waiting = waiters.remove(executorId);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    /** Answers with {@code answer} now when {@code since} is behind, else at the next bump or after {@code wait}. */
    public DeferredResult<Object> poll(String executorId, long since, Duration wait, Supplier<Object> answer) {
        DeferredResult<Object> result = new DeferredResult<>(wait.toMillis() + 5_000L);
        if (since != generation(executorId) || wait.isZero() || draining) {
            result.setResult(answer.get());
            return result;
        }
        Runnable wake = () -> result.setResult(answer.get());
        waiters.computeIfAbsent(executorId, id -> ConcurrentHashMap.newKeySet()).add(wake);
        java.util.concurrent.CompletableFuture.delayedExecutor(wait.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> {
                    Set<Runnable> set = waiters.get(executorId);
                    if (set != null && set.remove(wake)) {
                        wake.run();
                    }
                });
        if (since != generation(executorId)) {
            bump(executorId);
        }
        return result;
    }

    @Override
    public void drain() {
        draining = true;
        waiters.keySet().forEach(this::bump);
    }
}
