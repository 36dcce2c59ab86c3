package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;


import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ExternalServer;
import io.lightcloud.server.testing.ServerTestBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller stopped with {@code SIGTERM} while clients write, read and long-poll stops accepting, lets the
 * requests in flight finish (agents' long-polls are answered), and only then closes the database: no request meets
 * a closed database, nothing is logged as an error, and the process ends promptly with the status of a clean stop.
 */
class GracefulStopTest {
    /** What the JVM exits with when SIGTERM stopped it and every shutdown hook ended normally (128 + 15). */
    private static final int STOPPED_BY_SIGTERM = 143;

    @TempDir
    Path dir;

    @Test
    void sigtermFinishesRequestsInFlightBeforeClosingTheDatabase() throws Exception {
        ExternalServer server = ExternalServer.start(dir.resolve("data"), List.of("-Xmx256m"), List.of());
        ExecutorService clients = Executors.newFixedThreadPool(6);
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger longPollsAnsweredAtTheStop = new AtomicInteger();
        AtomicBoolean terminating = new AtomicBoolean();
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        try {
            ApiClient api = server.api();
            String token = api.token("admin", ServerTestBase.ADMIN_PASSWORD, "admin");
            SimulatedAgent agent = SimulatedAgent.start(api, token, "graceful-host", 4, 8192, 100, "graceful-zone");
            agent.close();
            Map<String, String> asAgent = Map.of("Authorization", "Bearer " + agent.credential());
            long generation = agent.desired(0).get("generation").longValue();
            String networkPoll = "/lightcloud/v1/agent/network?tunnel_ip=127.0.0.1&since=";
            long networkGeneration = api.send("GET", networkPoll + "-1&wait=0", null, null, asAgent).json()
                    .get("generation").longValue();
            List<Supplier<ApiClient.Response>> load = List.of(
                    () -> api.post("/identity/v3/projects", token, Map.of("project",
                            Map.of("name", "graceful-" + System.nanoTime()))),
                    () -> api.post("/network/v2.0/networks", token, Map.of("network",
                            Map.of("name", "graceful-" + System.nanoTime()))),
                    () -> api.get("/compute/v2.1/servers/detail", token),
                    () -> api.post("/identity/v3/auth/tokens", null,
                            ApiClient.passwordAuth("admin", ServerTestBase.ADMIN_PASSWORD, "admin")),
                    () -> api.send("GET", "/lightcloud/v1/agent/desired?since=" + generation + "&wait=60", null,
                            null, asAgent),
                    () -> api.send("GET", networkPoll + networkGeneration + "&wait=60", null, null, asAgent));
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < load.size(); i++) {
                Supplier<ApiClient.Response> request = load.get(i);
                boolean longPoll = i >= 4;
                running.add(clients.submit(() -> {
                    boolean answeredAtTheStop = false;
                    while (!stopping.get()) {
                        try {
                            ApiClient.Response response = request.get();
                            answered.incrementAndGet();
                            if (longPoll && response.status() == 200 && terminating.get() && !answeredAtTheStop) {
                                answeredAtTheStop = true;
                                longPollsAnsweredAtTheStop.incrementAndGet();
                            }
                            if (response.status() >= 500) {
                                serverErrors.add(response.status() + " " + response.text());
                            }
                        } catch (RuntimeException refusedOnceStopped) {
                            // The connector no longer accepts: the client sees a refused or closed connection.
                            sleep(20);
                        }
                    }
                }));
            }
            Thread.sleep(3_000);
            assertThat(answered.get()).as("requests answered before the stop").isPositive();

            terminating.set(true);
            int status = server.terminate(Duration.ofSeconds(30));
            stopping.set(true);
            for (Future<?> client : running) {
                client.get(90, TimeUnit.SECONDS);
            }

            String log = server.log();
            SoftAssertions stop = new SoftAssertions();
            stop.assertThat(status).as("exit status").isEqualTo(STOPPED_BY_SIGTERM);
            stop.assertThat(log.lines().filter(line -> line.contains("Database is already closed")).count())
                    .as("requests that met a closed database").isZero();
            stop.assertThat(log.lines().filter(line -> line.startsWith("\tat ") || line.contains(" ERROR ")
                    || line.startsWith("Exception in thread")).limit(20).toList())
                    .as("errors and stack traces in the log").isEmpty();
            stop.assertThat(serverErrors).as("server errors answered during the stop").isEmpty();
            stop.assertThat(longPollsAnsweredAtTheStop.get()).as("agents' long-polls answered at the stop")
                    .isEqualTo(2);
            stop.assertAll();
        } finally {
            stopping.set(true);
            clients.shutdownNow();
            server.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
