package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.VirtDriver;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every server of the host converging on the latest desired state: each server has at most one worker at a
 * time, which applies the newest spec and goes again if a newer one arrived meanwhile, so a slow step (a soft reboot,
 * an image download) or a failure of one server never holds up the others. Servers on the host that the desired state
 * does not list are destroyed. Each finished step is announced through {@code onChange} so it is reported at once.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final VirtDriver driver;
    private final AppliedStateStore store;
    private final InstanceConverger converger;
    private final Runnable onChange;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "agent-reconcile");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lock = new Object();
    private Map<String, DesiredInstance> desired;
    private final Set<String> busy = new HashSet<>();

    Reconciler(VirtDriver driver, AppliedStateStore store, ImageFetcher images, PortPlugging ports,
            SnapshotTaker snapshots, AgentSettings settings, Runnable onChange) {
        this.driver = requireNonNull(driver, "driver");
        this.store = requireNonNull(store, "store");
        this.converger = new InstanceConverger(driver, images, store, ports, snapshots, settings.stopTimeout());
        this.onChange = requireNonNull(onChange, "onChange");
    }

    /** Takes the full desired state of the host and starts converging on it. */
    public void update(Map<String, DesiredInstance> instances) {
        Set<String> present = new HashSet<>(store.instanceIds());
        driver.list().stream().map(InstanceStatus::instanceId).forEach(present::add);
        synchronized (lock) {
            desired = new LinkedHashMap<>(instances);
            for (String id : desired.keySet()) {
                schedule(id);
            }
            for (String id : present) {
                if (!desired.containsKey(id)) {
                    schedule(id);
                }
            }
        }
    }

    /** The desired spec of a server, if the last desired state listed it. */
    public DesiredInstance desired(String instanceId) {
        synchronized (lock) {
            return desired == null ? null : desired.get(instanceId);
        }
    }

    /** Whether the reconciler has received a desired state yet (nothing is destroyed before). */
    public boolean started() {
        synchronized (lock) {
            return desired != null;
        }
    }

    private void schedule(String id) {
        if (busy.add(id)) {
            workers.execute(() -> work(id));
        }
    }

    private void work(String id) {
        while (true) {
            DesiredInstance target;
            synchronized (lock) {
                target = desired.get(id);
            }
            try {
                if (target == null) {
                    converger.destroy(id);
                    log.info("instance removed (not in the desired state) instance={}", id);
                } else {
                    converger.converge(target);
                }
            } catch (RuntimeException e) {
                log.error("reconciling failed instance={} error=\"{}\"", id, e.getMessage(), e);
            }
            onChange.run();
            synchronized (lock) {
                if (Objects.equals(desired.get(id), target)) {
                    busy.remove(id);
                    return;
                }
            }
        }
    }

    /** Stops taking work; a step in progress finishes (the VMs are left as they are). */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
