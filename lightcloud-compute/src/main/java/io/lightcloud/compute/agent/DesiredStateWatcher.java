package io.lightcloud.compute.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.web.GenerationWatcher;
import io.lightcloud.common.web.LongPolls;
import io.lightcloud.compute.host.HostRepository;
import io.lightcloud.compute.instance.DesiredStateChanges;
import io.lightcloud.compute.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Holds agents' long-polls for desired state, versioned by each host's desired generation: a change to a host's
 * servers bumps it and, once committed, wakes that host's poll; a periodic check sees changes made by another
 * controller.
 */
public final class DesiredStateWatcher implements DesiredStateChanges, LongPolls, AutoCloseable {
    private static final int RESPONDERS = 4;
    private static final int HOSTS_PER_QUERY = 500;

    private final HostRepository hosts;
    private final GenerationWatcher watcher;

    /** {@code responder} builds the answer for a host: its generation and the specs of its servers. */
    public DesiredStateWatcher(JdbcClient jdbc, HostRepository hosts, Function<String, Object> responder,
            Duration checkInterval, Clock clock) {
        requireNonNull(jdbc, "jdbc is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.watcher = new GenerationWatcher("desired-state", ids -> desiredGenerations(jdbc, ids), responder,
                checkInterval, RESPONDERS, clock);
    }

    /** Answers now when the agent is behind (or does not want to wait), else when something changes. */
    public DeferredResult<Object> poll(String hostId, long since, Duration wait, long currentGeneration) {
        return watcher.poll(hostId, since, wait, currentGeneration);
    }

    @Override
    public void drain() {
        watcher.drain();
    }

    @Override
    public void changed(String hostId) {
        hosts.bumpDesiredGeneration(hostId);
        Transactions.afterCommit(() -> watcher.wake(hostId));
    }

    @Override
    public void close() {
        watcher.close();
    }

    private static Map<String, Long> desiredGenerations(JdbcClient jdbc, Collection<String> hostIds) {
        List<String> ids = List.copyOf(hostIds);
        Map<String, Long> generations = new HashMap<>();
        for (int i = 0; i < ids.size(); i += HOSTS_PER_QUERY) {
            jdbc.sql("SELECT id, desired_generation FROM compute_host WHERE id IN (:ids)")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + HOSTS_PER_QUERY)))
                    .query(rs -> {
                        generations.put(rs.getString("id"), rs.getLong("desired_generation"));
                    });
        }
        return generations;
    }
}
