package io.lightcloud.network.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.web.GenerationWatcher;
import io.lightcloud.common.web.LongPolls;
import io.lightcloud.network.store.NetworkGeneration;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Holds agents' long-polls for network state, versioned by the one network generation every change bumps: a
 * committed change on this controller wakes every poll; a periodic check sees changes made by another controller.
 */
public final class NetworkStateWatcher implements LongPolls, AutoCloseable {
    private static final int RESPONDERS = 2;

    private final NetworkGeneration generation;
    private final GenerationWatcher watcher;

    /** {@code responder} builds the document for a host. */
    public NetworkStateWatcher(NetworkGeneration generation, Function<String, Object> responder,
            Duration checkInterval) {
        this.generation = requireNonNull(generation, "generation is null");
        this.watcher = new GenerationWatcher("network-state", hosts -> {
            long current = generation.current();
            Map<String, Long> generations = new HashMap<>();
            hosts.forEach(host -> generations.put(host, current));
            return generations;
        }, responder, checkInterval, RESPONDERS, Clock.systemUTC());
        generation.addListener(watcher::wakeAll);
    }

    public DeferredResult<Object> poll(String hostId, long since, Duration wait) {
        return watcher.poll(hostId, since, wait, generation.current());
    }

    @Override
    public void drain() {
        watcher.drain();
    }

    @Override
    public void close() {
        watcher.close();
    }
}
