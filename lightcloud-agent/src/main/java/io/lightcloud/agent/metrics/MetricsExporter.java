package io.lightcloud.agent.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import io.lightcloud.agent.driver.qemu.QemuDriver;
import io.lightcloud.agent.runtime.Agent;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} of an agent's host to a scraper holding the scrape credential (the controller's metrics
 * credential) as a bearer token. One thread: scrapes are rare (every 15 s) and must not pile up on a slow host.
 */
public final class MetricsExporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsExporter.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] credential;
    private final VmMetricsCollector collector;

    private MetricsExporter(HttpServer server, ExecutorService executor, String credential,
            VmMetricsCollector collector) {
        this.server = server;
        this.executor = executor;
        this.credential = credential.getBytes(StandardCharsets.UTF_8);
        this.collector = collector;
    }

    public static MetricsExporter start(InetSocketAddress address, String credential, VmMetricsCollector collector)
            throws IOException {
        requireNonNull(credential, "credential");
        if (credential.isBlank()) {
            throw new IllegalArgumentException("the metrics exporter needs a scrape credential");
        }
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "agent-metrics");
            thread.setDaemon(true);
            return thread;
        });
        MetricsExporter exporter = new MetricsExporter(server, executor, credential.strip(), collector);
        server.createContext("/metrics", exporter::handle);
        server.setExecutor(executor);
        server.start();
        log.info("metrics exporter listening address={}", server.getAddress());
        return exporter;
    }

    /** The exporter of an agent's VMs on QEMU: pids from the driver, labels from the agent's desired state. */
    public static MetricsExporter forAgent(Agent agent, QemuDriver driver, InetSocketAddress address,
            String credential) throws IOException {
        VmInventory inventory = new AgentVmInventory(driver, agent::desired, driver::blockStats);
        return start(address, credential, new VmMetricsCollector(inventory, new ProcFs(Path.of("/proc"))));
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "only GET\n");
                return;
            }
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"lightcloud-agent-metrics\"");
                send(exchange, 401, "the agent's metrics need the scrape credential as a bearer token\n");
                return;
            }
            send(exchange, 200, collector.scrape());
        } catch (RuntimeException e) {
            log.warn("metrics scrape failed error=\"{}\"", e.getMessage());
        }
    }

    private boolean authorized(String header) {
        String bearer = "Bearer ";
        return header != null && header.regionMatches(true, 0, bearer, 0, bearer.length())
                && MessageDigest.isEqual(credential,
                        header.substring(bearer.length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
