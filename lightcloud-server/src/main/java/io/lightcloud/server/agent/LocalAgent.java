package io.lightcloud.server.agent;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.driver.qemu.AccelMode;
import io.lightcloud.agent.driver.qemu.QemuDriver;
import io.lightcloud.agent.driver.qemu.QemuDriverConfig;
import io.lightcloud.agent.metrics.MetricsExporter;
import io.lightcloud.agent.process.ProcessRunner;
import io.lightcloud.agent.runtime.Agent;
import io.lightcloud.agent.network.NetworkSettings;
import io.lightcloud.agent.runtime.AgentSettings;
import io.lightcloud.compute.host.LocalAgentCredential;
import io.lightcloud.monitoring.access.ScrapeCredential;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The all-in-one mode: the controller runs the agent of its own host in-process, with the credential
 * {@link LocalAgentCredential} wrote (so it runs after it) and the instances under
 * {@code lightcloud.agent.local.instances-dir} (default {@code ${lightcloud.data-dir}/instances}). QMP socket paths
 * limit that directory to 61 characters; a longer one is replaced by a short directory under /tmp named after it.
 * Off unless {@code lightcloud.agent.local.enabled=true} ({@code ./lightcloud up} turns it on), so tests that simulate
 * agents keep the host to themselves. Stopping the controller stops the agent; the VMs keep running.
 *
 * <p>It also wires this host's networks (unless {@code lightcloud.agent.local.network.enabled=false}): VXLAN from
 * {@code lightcloud.agent.local.network.tunnel-ip} (127.0.0.1 for a single host), and flat physical networks on the
 * bridges of {@code lightcloud.agent.local.network.bridge-mappings} ({@code public:br-lcpublic}). The agent creates a
 * missing bridge but never connects it to an uplink: routing the public range out is the operator's choice. Its
 * dnsmasq files are under {@code lightcloud.agent.local.network.state-dir} ({@code /run/lightcloud/network}), which
 * dnsmasq can read after dropping to {@code nobody}.
 *
 * <p>Its VMs' metrics are served on 127.0.0.1:{@code lightcloud.monitoring.agent-port} (9180) to the scrape
 * credential, where the controller's discovery points Prometheus.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "lightcloud.agent.local.enabled", havingValue = "true")
public class LocalAgent implements ApplicationRunner, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LocalAgent.class);
    private static final int MAX_INSTANCES_DIR = 61;

    private final LocalAgentCredential credential;
    private final Environment environment;
    private final Path credentialFile;
    private final Path instancesDir;
    private final AccelMode accel;
    private final Duration stopTimeout;
    private final NetworkSettings network;
    private final ScrapeCredential scrapeCredential;
    private final int metricsPort;
    private QemuDriver driver;
    private MetricsExporter metrics;
    private Agent agent;

    public LocalAgent(LocalAgentCredential credential, Environment environment,
            @Value("${lightcloud.data-dir}") String dataDir,
            @Value("${lightcloud.agent.local.instances-dir:}") String instancesDir,
            @Value("${lightcloud.agent.local.accel:auto}") String accel,
            @Value("${lightcloud.agent.local.stop-timeout:30s}") Duration stopTimeout,
            @Value("${lightcloud.agent.local.network.enabled:true}") boolean networkEnabled,
            @Value("${lightcloud.agent.local.network.tunnel-ip:127.0.0.1}") String tunnelIp,
            @Value("${lightcloud.agent.local.network.bridge-mappings:public:br-lcpublic}") String bridgeMappings,
            @Value("${lightcloud.agent.local.network.state-dir:/run/lightcloud/network}") String networkStateDir,
            ScrapeCredential scrapeCredential, @Value("${lightcloud.monitoring.agent-port:9180}") int metricsPort) {
        this.credential = requireNonNull(credential, "credential is null");
        this.environment = requireNonNull(environment, "environment is null");
        this.credentialFile = Path.of(dataDir).resolve("agent-credential");
        this.instancesDir = shortEnough(instancesDir.isBlank() ? Path.of(dataDir).resolve("instances")
                : Path.of(instancesDir));
        this.accel = AccelMode.valueOf(accel.toUpperCase(Locale.ROOT));
        this.stopTimeout = requireNonNull(stopTimeout, "stopTimeout is null");
        this.scrapeCredential = requireNonNull(scrapeCredential, "scrapeCredential is null");
        this.metricsPort = metricsPort;
        this.network = networkEnabled ? new NetworkSettings(tunnelIp,
                NetworkSettings.parseBridgeMappings(bridgeMappings), Path.of(networkStateDir), "", null) : null;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        start();
    }

    /** Starts the agent (adopting the VMs a previous one left running); nothing happens if it runs. */
    public synchronized void start() throws IOException {
        if (agent != null) {
            return;
        }
        if (!Files.exists(credentialFile)) {
            throw new IllegalStateException("the local agent needs " + credentialFile
                    + "; it is written when lightcloud.compute.local-agent.enabled is true");
        }
        String secret = Files.readString(credentialFile, StandardCharsets.UTF_8).strip();
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        AgentSettings settings = AgentSettings.defaults(URI.create("http://127.0.0.1:" + port), secret)
                .withHostname(credential.hostname()).withHostIp("127.0.0.1").withStopTimeout(stopTimeout);
        if (network != null) {
            settings = settings.withNetwork(network);
        }
        driver = new QemuDriver(QemuDriverConfig.defaults(instancesDir).withAccelMode(accel), new ProcessRunner());
        agent = new Agent(driver, settings, instancesDir.resolve("_agent"));
        agent.start();
        try {
            metrics = MetricsExporter.forAgent(agent, driver, new InetSocketAddress("127.0.0.1", metricsPort),
                    scrapeCredential.value());
        } catch (IOException e) {
            log.warn("the local agent's metrics exporter could not listen port={} error=\"{}\"", metricsPort,
                    e.getMessage());
        }
        log.info("local agent started instances_dir={} controller={}", instancesDir, settings.controllerUrl());
    }

    /** Stops the agent as if its process ended: the VMs keep running. */
    public synchronized void stop() {
        if (agent == null) {
            return;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        agent.close();
        driver.close();
        agent = null;
        driver = null;
    }

    /** Stops the agent as soon as the server starts to stop, while the API it talks to still answers. */
    @EventListener(ContextClosedEvent.class)
    public void serverStopping() {
        stop();
    }

    public Path instancesDir() {
        return instancesDir;
    }

    @Override
    public void destroy() {
        stop();
    }

    private static Path shortEnough(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (absolute.toString().length() <= MAX_INSTANCES_DIR) {
            return absolute;
        }
        Path replacement = Path.of("/tmp", "lightcloud-instances-" + Integer.toHexString(absolute.toString().hashCode()));
        log.warn("instances dir is too long for QMP socket paths, using a short one instead dir={} replacement={}",
                absolute, replacement);
        return replacement;
    }
}
