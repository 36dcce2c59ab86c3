package io.lightcloud.agent;

import io.lightcloud.agent.driver.qemu.AccelMode;
import io.lightcloud.agent.driver.qemu.QemuDriver;
import io.lightcloud.agent.driver.qemu.QemuDriverConfig;
import io.lightcloud.agent.metrics.MetricsExporter;
import io.lightcloud.agent.network.NetworkSettings;
import io.lightcloud.agent.process.ProcessRunner;
import io.lightcloud.agent.runtime.Agent;
import io.lightcloud.agent.runtime.AgentSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the agent as its own process, for a hypervisor host other than the controller's:
 *
 * <pre>
 * java -cp lightcloud-server.jar -Dloader.main=io.lightcloud.agent.AgentMain \
 *     org.springframework.boot.loader.launch.PropertiesLauncher \
 *     --controller http://controller:8080 --credential-file /etc/lightcloud/agent-credential \
 *     --instances-dir /var/lib/lightcloud/instances [--hostname NAME] [--availability-zone AZ] [--host-ip IP]
 *     [--accel auto|kvm|tcg] [--stop-timeout SECONDS]
 *     [--tunnel-ip IP [--bridge-mappings public:br-ex,...] [--network-state-dir DIR]
 *      [--namespace-prefix PREFIX] [--host-namespace NETNS]]
 *     [--metrics-credential-file FILE [--metrics-address IP] [--metrics-port 9180]]
 * </pre>
 *
 * The credential file holds the line {@code <host id>:<secret>} that {@code POST /lightcloud/v1/hosts} answered.
 * With {@code --tunnel-ip} the agent also runs the network data plane ({@code docs/network-agent-protocol.md}); its
 * files default to {@code /run/lightcloud/network} (dnsmasq, running as nobody, must be able to read them). SIGTERM stops the agent; the VMs keep running and the next
 * agent adopts them. With {@code --metrics-credential-file} (the controller's metrics credential) it serves its VMs'
 * metrics on {@code --metrics-port} for the Prometheus the controller configures.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = parse(args);
        String controller = required(options, "controller");
        String credential = Files.readString(Path.of(required(options, "credential-file")), StandardCharsets.UTF_8)
                .strip();
        Path instancesDir = Path.of(required(options, "instances-dir")).toAbsolutePath();
        AccelMode accel = AccelMode.valueOf(options.getOrDefault("accel", "auto").toUpperCase(Locale.ROOT));
        AgentSettings settings = AgentSettings.defaults(URI.create(controller), credential)
                .withHostname(options.get("hostname")).withAvailabilityZone(options.get("availability-zone"))
                .withHostIp(options.get("host-ip"))
                .withStopTimeout(Duration.ofSeconds(Long.parseLong(options.getOrDefault("stop-timeout", "30"))));
        if (options.containsKey("tunnel-ip")) {
            settings = settings.withNetwork(new NetworkSettings(options.get("tunnel-ip"),
                    NetworkSettings.parseBridgeMappings(options.get("bridge-mappings")),
                    Path.of(options.getOrDefault("network-state-dir", NetworkSettings.DEFAULT_STATE_DIR.toString()))
                            .toAbsolutePath(),
                    options.getOrDefault("namespace-prefix", ""), options.get("host-namespace")));
        }
        QemuDriver driver = new QemuDriver(QemuDriverConfig.defaults(instancesDir).withAccelMode(accel),
                new ProcessRunner());
        Agent agent = new Agent(driver, settings, instancesDir.resolve("_agent"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            driver.close();
            stopped.countDown();
        }, "agent-shutdown"));
        agent.start();
        if (options.containsKey("metrics-credential-file")) {
            String scrapeCredential = Files.readString(Path.of(options.get("metrics-credential-file")),
                    StandardCharsets.UTF_8).strip();
            MetricsExporter.forAgent(agent, driver, new InetSocketAddress(options.getOrDefault("metrics-address",
                    options.getOrDefault("host-ip", "0.0.0.0")),
                    Integer.parseInt(options.getOrDefault("metrics-port", "9180"))), scrapeCredential);
        }
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw usage("unexpected argument " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw usage("option " + arg + " needs a value");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw usage("--" + name + " is required");
        }
        return value;
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "; usage: AgentMain --controller URL --credential-file FILE "
                + "--instances-dir DIR [--hostname NAME] [--availability-zone AZ] [--host-ip IP] "
                + "[--accel auto|kvm|tcg] [--stop-timeout SECONDS] [--tunnel-ip IP [--bridge-mappings NET:BRIDGE,...] "
                + "[--network-state-dir DIR] [--namespace-prefix PREFIX] [--host-namespace NETNS]] "
                + "[--metrics-credential-file FILE [--metrics-address IP] [--metrics-port PORT]]");
    }
}
