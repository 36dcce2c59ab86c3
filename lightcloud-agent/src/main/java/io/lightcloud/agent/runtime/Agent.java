package io.lightcloud.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.console.ConsoleTunnelLoop;
import io.lightcloud.agent.console.VncDialer;
import io.lightcloud.agent.controller.ControllerClient;
import io.lightcloud.agent.controller.ControllerException;
import io.lightcloud.agent.driver.HostInfo;
import io.lightcloud.agent.driver.InstanceStatus;
import io.lightcloud.agent.driver.VirtDriver;
import io.lightcloud.agent.network.ControllerMetadataSource;
import io.lightcloud.agent.network.NetworkAgentLoop;
import io.lightcloud.agent.network.NetworkDataplane;
import io.lightcloud.agent.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hypervisor agent of one host: adopts the VMs a previous agent left running, registers the host, then runs its
 * loops until stopped: the desired-state long-poll, which feeds the {@link Reconciler}; the monitor, which asks
 * the driver for the VMs' states every {@code monitorInterval} and reports them at once when they changed (or every
 * heartbeat interval when not), and pushes changed console tails; the console tunnel long-poll; and, when it runs the
 * data plane, the network loop. Stopping the agent leaves the VMs running.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final String VERSION = "0.1.0";
    private static final int CONSOLE_BYTES = 100 * 1024;
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final VirtDriver driver;
    private final AgentSettings settings;
    private final ControllerClient controller;
    private final AppliedStateStore store;
    private final Reconciler reconciler;
    private final ObservedReport observed;
    private final NetworkDataplane network;
    private final NetworkAgentLoop networkLoop;
    private final ConsoleTunnelLoop consoleTunnels;
    private final Semaphore reportNow = new Semaphore(0);
    private final Map<String, Integer> pushedConsoles = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Duration heartbeatInterval = Duration.ofSeconds(10);
    private Thread poller;
    private Thread monitor;

    /** {@code stateDir} holds the agent's own per-server records; the driver keeps the VMs' files. */
    public Agent(VirtDriver driver, AgentSettings settings, Path stateDir) {
        this.driver = requireNonNull(driver, "driver");
        this.settings = requireNonNull(settings, "settings");
        ObjectMapper mapper = JsonMapper.builder().build();
        this.controller = new ControllerClient(settings.controllerUrl(), settings.credential(), mapper);
        this.store = new AppliedStateStore(stateDir.resolve("applied"), mapper);
        ImageFetcher images = new ImageFetcher(driver, controller, stateDir.resolve("downloads"));
        SnapshotTaker snapshots = new SnapshotTaker(driver, controller, stateDir.resolve("snapshots"));
        if (settings.network() != null) {
            this.network = new NetworkDataplane(settings.network(), new ProcessRunner(),
                    new ControllerMetadataSource(controller));
            this.networkLoop = new NetworkAgentLoop(controller, network, settings.network(), settings.pollWait());
        } else {
            this.network = null;
            this.networkLoop = null;
        }
        PortPlugging ports = network == null ? PortPlugging.NONE : network::ensurePortDevice;
        this.reconciler = new Reconciler(driver, store, images, ports, snapshots, settings, reportNow::release);
        this.observed = new ObservedReport(driver, store);
        String hostNamespace = settings.network() == null ? null : settings.network().hostNamespace();
        this.consoleTunnels = new ConsoleTunnelLoop(controller, driver,
                hostNamespace == null ? VncDialer.tcp() : VncDialer.inNamespace(hostNamespace), settings.pollWait());
    }

    /** The network data plane, for wiring a VM's tap before it starts; empty when the agent does not run it. */
    public Optional<NetworkDataplane> network() {
        return Optional.ofNullable(network);
    }

    /** The desired spec of a server from the last desired state, or null (for the metrics exporter's labels). */
    public DesiredInstance desired(String instanceId) {
        return reconciler.desired(instanceId);
    }

    /** Adopts running VMs and starts the loops; registration is retried in the background until it succeeds. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        List<InstanceStatus> adopted = driver.adoptExisting();
        log.info("agent starting controller={} adopted_vms={}", settings.controllerUrl(), adopted.size());
        poller = new Thread(this::pollLoop, "agent-desired-state");
        monitor = new Thread(this::monitorLoop, "agent-monitor");
        poller.setDaemon(true);
        monitor.setDaemon(true);
        poller.start();
        monitor.start();
        if (networkLoop != null) {
            networkLoop.start();
        }
        consoleTunnels.start();
    }

    /** Stops the loops and lets a step in progress finish; the VMs keep running. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        poller.interrupt();
        monitor.interrupt();
        join(poller);
        join(monitor);
        if (networkLoop != null) {
            networkLoop.close();
        }
        consoleTunnels.close();
        reconciler.close();
        log.info("agent stopped; VMs keep running");
    }

    private void pollLoop() {
        long generation = -1;
        boolean registered = false;
        while (running) {
            try {
                if (!registered) {
                    register();
                    registered = true;
                }
                JsonNode answer = controller.desired(generation, generation < 0 ? Duration.ZERO : settings.pollWait());
                Map<String, DesiredInstance> instances = new LinkedHashMap<>();
                for (JsonNode spec : answer.path("instances")) {
                    DesiredInstance instance = DesiredInstance.parse(spec);
                    instances.put(instance.id(), instance);
                }
                if (answer.path("generation").asLong() != generation) {
                    log.debug("desired state generation={} instances={}", answer.path("generation").asLong(),
                            instances.size());
                }
                generation = answer.path("generation").asLong();
                reconciler.update(instances);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("desired state poll failed, retrying in {} s error=\"{}\"", RETRY.toSeconds(),
                        e.getMessage());
                if (e instanceof ControllerException c && c.status() == 401) {
                    registered = false;
                }
                sleep(RETRY);
            }
        }
    }

    private void register() {
        HostInfo host = driver.hostInfo();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hostname", settings.hostname() != null ? settings.hostname() : host.hostname());
        facts.put("vcpus", host.vcpus());
        facts.put("memory_mb", host.memoryMb());
        facts.put("disk_gb", host.diskFreeGb());
        facts.put("cpu_info", Map.of("arch", System.getProperty("os.arch"), "model", host.cpuModel()));
        facts.put("hypervisor_type", host.hypervisorType());
        facts.put("hypervisor_version", host.hypervisorVersion());
        if (settings.hostIp() != null) {
            facts.put("host_ip", settings.hostIp());
        }
        facts.put("agent_version", VERSION);
        if (settings.availabilityZone() != null) {
            facts.put("availability_zone", settings.availabilityZone());
        }
        JsonNode answer = controller.register(Map.of("host", facts));
        long interval = answer.path("host").path("heartbeat_interval_seconds").asLong(10);
        heartbeatInterval = Duration.ofSeconds(Math.max(1, interval));
        log.info("host registered host={} host_id={} hypervisor={} heartbeat_s={}", facts.get("hostname"),
                answer.path("host").path("host_id").asString(), host.hypervisorType(), interval);
    }

    private void monitorLoop() {
        List<Map<String, Object>> lastSent = null;
        long lastSentAt = 0;
        HostInfo host = null;
        while (running) {
            try {
                reportNow.tryAcquire(settings.monitorInterval().toMillis(), TimeUnit.MILLISECONDS);
                reportNow.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            try {
                // Before the first desired state the agent has not applied anything it could report on.
                if (!reconciler.started()) {
                    continue;
                }
                List<Map<String, Object>> instances = observed.instances();
                boolean due = System.nanoTime() - lastSentAt >= heartbeatInterval.toNanos();
                if (!instances.equals(lastSent) || due) {
                    if (host == null || due) {
                        host = driver.hostInfo();
                    }
                    controller.reportObserved(ObservedReport.report(host, instances));
                    if (lastSent != null && !instances.equals(lastSent)) {
                        log.debug("observed state reported instances={}", instances.size());
                    }
                    lastSent = instances;
                    lastSentAt = System.nanoTime();
                }
                pushConsoles(instances);
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("observed state report failed error=\"{}\"", e.getMessage());
                }
            }
        }
    }

    /** Pushes each listed server's console tail when it changed since the last push. */
    private void pushConsoles(List<Map<String, Object>> instances) {
        Map<String, Integer> seen = new HashMap<>();
        for (Map<String, Object> instance : instances) {
            String id = (String) instance.get("id");
            DesiredInstance desired = reconciler.desired(id);
            if (desired == null || desired.consoleLogUrl() == null || instance.get("power_state").equals("nostate")) {
                continue;
            }
            try {
                String tail = driver.consoleLog(id, CONSOLE_BYTES);
                int hash = tail.hashCode();
                seen.put(id, hash);
                if (!Integer.valueOf(hash).equals(pushedConsoles.get(id))) {
                    controller.putConsoleLog(desired.consoleLogUrl(), tail);
                    pushedConsoles.put(id, hash);
                }
            } catch (RuntimeException e) {
                log.debug("console push failed instance={} error=\"{}\"", id, e.getMessage());
            }
        }
        pushedConsoles.keySet().retainAll(seen.keySet());
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
