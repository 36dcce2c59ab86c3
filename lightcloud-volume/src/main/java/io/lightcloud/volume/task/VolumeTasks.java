package io.lightcloud.volume.task;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.RequestIds;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the long volume operations (image conversions, clones, snapshots) on a few threads, after the API has
 * answered 202, as Cinder's volume service does. Work is recorded in the database before it is queued, with this
 * controller's host name, so work lost in a crash is found again at startup (see {@link io.lightcloud.volume.recovery.VolumeRecovery}).
 */
public final class VolumeTasks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VolumeTasks.class);

    private final ExecutorService executor;
    private final String host;

    public VolumeTasks(int workers, String host) {
        this.host = requireNonNull(host, "host is null");
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "volume-task-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The name under which this controller records the work it runs. */
    public String host() {
        return host;
    }

    /** Queues work; the request id of the request that caused it follows it into the logs. */
    public void submit(String description, Runnable task) {
        String requestId = RequestIds.current();
        try {
            executor.execute(() -> {
                MDC.put(RequestIds.MDC_KEY, requestId);
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Volume task failed task=\"{}\"", description, e);
                } finally {
                    MDC.remove(RequestIds.MDC_KEY);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Volume task not started, the server is stopping; recovery will fail it at the next start "
                    + "task=\"{}\"", description);
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            // Interrupting a worker kills its qemu-img; the row stays in its transient status for recovery.
            executor.shutdownNow();
        }
    }
}
