package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.controller.ControllerClient;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Long-polls the host's desired network state and applies each new generation. Errors are logged and retried with
 * an exponential backoff; a generation that applied with failures is applied again after the backoff (the apply is
 * idempotent), so a transient failure heals without a change on the controller. The current generation is also
 * re-applied every {@link #RESYNC}, which repairs wiring changed behind the agent's back.
 */
public final class NetworkAgentLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkAgentLoop.class);
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration RESYNC = Duration.ofMinutes(5);

    private final ControllerClient controller;
    private final NetworkDataplane dataplane;
    private final NetworkSettings settings;
    private final Duration pollWait;
    private volatile boolean running;
    private Thread thread;

    public NetworkAgentLoop(ControllerClient controller, NetworkDataplane dataplane, NetworkSettings settings,
            Duration pollWait) {
        this.controller = requireNonNull(controller, "controller");
        this.dataplane = requireNonNull(dataplane, "dataplane");
        this.settings = requireNonNull(settings, "settings");
        this.pollWait = requireNonNull(pollWait, "pollWait");
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "agent-network");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(40).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dataplane.close();
    }

    private void run() {
        long applied = -1;
        long appliedAt = System.nanoTime();
        Duration backoff = MIN_BACKOFF;
        List<String> physicalNetworks = List.copyOf(settings.bridgeMappings().keySet());
        while (running) {
            try {
                JsonNode answer = controller.network(applied, applied < 0 ? Duration.ZERO : pollWait,
                        settings.tunnelIp(), physicalNetworks);
                NetworkDocument document = NetworkDocument.parse(answer);
                if (document.generation() == applied && System.nanoTime() - appliedAt < RESYNC.toNanos()) {
                    continue;
                }
                List<String> failures = dataplane.apply(document);
                appliedAt = System.nanoTime();
                if (failures.isEmpty()) {
                    applied = document.generation();
                    backoff = MIN_BACKOFF;
                } else {
                    backoff = sleep(backoff);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("network state poll failed, retrying in {} s error=\"{}\"", backoff.toSeconds(),
                        e.getMessage());
                backoff = sleep(backoff);
            }
        }
    }

    /** Sleeps for {@code backoff} and returns the next, longer one. */
    private Duration sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }
}
