package io.lightcloud.monitoring.stack;

import static java.util.Objects.requireNonNull;

import io.lightcloud.monitoring.MonitoringSettings;
import io.lightcloud.monitoring.access.ScrapeCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Prometheus and Alertmanager are, and, in the supervised mode, the child processes that run them: both bound
 * to 127.0.0.1 on free ports, data under the monitoring directory, configuration written by {@link StackConfigFiles}
 * at every start. External URLs win over supervision. Without either, monitoring APIs answer 503 and the rest of the
 * cloud works as before.
 */
public final class MonitoringStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MonitoringStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final MonitoringSettings settings;
    private final ScrapeCredential credential;
    private final List<SupervisedProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile URI prometheus;
    private volatile URI alertmanager;

    public MonitoringStack(MonitoringSettings settings, ScrapeCredential credential) {
        this.settings = requireNonNull(settings, "settings is null");
        this.credential = requireNonNull(credential, "credential is null");
        this.prometheus = settings.prometheusUrl();
        this.alertmanager = settings.alertmanagerUrl();
    }

    public Optional<URI> prometheus() {
        return Optional.ofNullable(prometheus);
    }

    public Optional<URI> alertmanager() {
        return Optional.ofNullable(alertmanager);
    }

    public MonitoringSettings settings() {
        return settings;
    }

    /** Whether this controller runs the Prometheus that loads the rule files (so it must reload it after a change). */
    public boolean supervisesPrometheus() {
        return settings.supervise() && settings.prometheusUrl() == null;
    }

    /**
     * Writes the credential file and rule directory (an external Prometheus reads them too) and starts whatever is
     * supervised; waits until the started processes answer their readiness endpoints.
     */
    public synchronized void start(URI controller) {
        try {
            Files.createDirectories(settings.rulesDir());
            writeCredential();
            if (!settings.supervise()) {
                return;
            }
            URI controllerUrl = settings.controllerUrl() != null ? settings.controllerUrl() : controller;
            if (settings.alertmanagerUrl() == null) {
                int port = freePort();
                Path dir = settings.alertmanagerDir();
                Files.createDirectories(dir.resolve("data"));
                replace(dir.resolve("alertmanager.yml"), StackConfigFiles.alertmanager(settings, controllerUrl));
                alertmanager = URI.create("http://127.0.0.1:" + port + "/");
                processes.add(new SupervisedProcess("alertmanager", List.of(settings.alertmanagerBinary(),
                        "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                        "--log.level=warn"), dir));
            }
            if (settings.prometheusUrl() == null) {
                int port = freePort();
                Path dir = settings.prometheusDir();
                Files.createDirectories(dir.resolve("data"));
                replace(dir.resolve("prometheus.yml"), StackConfigFiles.prometheus(settings, controllerUrl,
                        alertmanager));
                prometheus = URI.create("http://127.0.0.1:" + port + "/");
                processes.add(new SupervisedProcess("prometheus", List.of(settings.prometheusBinary(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"), "--storage.tsdb.retention.time=15d",
                        "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle",
                        "--log.level=warn"), dir));
            }
            if (settings.superviseNodeExporter() && portTaken(settings.nodeExporterPort())) {
                // Debian's package starts its own node exporter as a service on 9100: scrape that one.
                log.info("a node exporter already listens, not starting one port={}", settings.nodeExporterPort());
            } else if (settings.superviseNodeExporter()) {
                processes.add(new SupervisedProcess("node-exporter", List.of(settings.nodeExporterBinary(),
                        "--web.listen-address=127.0.0.1:" + settings.nodeExporterPort(),
                        "--log.level=warn"), settings.dir()));
            }
            processes.forEach(SupervisedProcess::start);
            awaitReady(prometheus, "prometheus");
            awaitReady(alertmanager, "alertmanager");
            log.info("monitoring started prometheus={} alertmanager={} supervised={}", prometheus, alertmanager,
                    processes.size());
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the monitoring directory " + settings.dir(), e);
        }
    }

    /** The supervised processes (for footprint measurements and tests that kill one). */
    public List<SupervisedProcess> processes() {
        return List.copyOf(processes);
    }

    @Override
    public synchronized void close() {
        processes.forEach(SupervisedProcess::stop);
        processes.clear();
    }

    private void awaitReady(URI base, String what) {
        if (base == null) {
            return;
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(base.resolve("-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                log.trace("not ready yet process={} error=\"{}\"", what, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("monitoring process is not ready after {} s process={} url={}", READY_TIMEOUT.toSeconds(), what,
                base);
    }

    private void writeCredential() throws IOException {
        Path file = settings.credentialFile();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, credential.value(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean portTaken(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
