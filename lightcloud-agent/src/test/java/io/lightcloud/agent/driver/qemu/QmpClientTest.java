package io.lightcloud.agent.driver.qemu;

import static io.lightcloud.agent.driver.qemu.FakeQmpMonitor.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The QMP client against a scripted fake monitor on a Unix socket. */
class QmpClientTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void repliesAreMatchedToCommandsById() throws Exception {
        // Replies come in the opposite order of the commands: the first command is answered after the second.
        List<JsonNode> held = new CopyOnWriteArrayList<>();
        QmpClient client = connect(request -> {
            String command = request.get("execute").asString();
            if (command.equals("qmp_capabilities")) {
                return List.of(reply(request, "{}"));
            }
            if (command.equals("first")) {
                held.add(request);
                return List.of();
            }
            return List.of(reply(request, "{\"which\": \"second\"}"), reply(held.get(0), "{\"which\": \"first\"}"));
        });
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<JsonNode> first = executor.submit(() -> client.execute("first", null, TIMEOUT));
            while (held.isEmpty()) {
                Thread.sleep(10);
            }
            assertThat(client.execute("second", Map.of("x", 1), TIMEOUT).get("which").asString())
                    .isEqualTo("second");
            assertThat(first.get(5, TimeUnit.SECONDS).get("which").asString()).isEqualTo("first");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void errorRepliesCarryQemuErrorClass() throws Exception {
        QmpClient client = connect(request -> request.get("execute").asString().equals("qmp_capabilities")
                ? List.of(reply(request, "{}"))
                : List.of("{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device 'vol-x' not found\"}, "
                        + "\"id\": " + request.get("id") + "}"));
        assertThatThrownBy(() -> client.execute("device_del", Map.of("id", "vol-x"), TIMEOUT))
                .isInstanceOfSatisfying(QmpException.class,
                        e -> assertThat(e.errorClass()).isEqualTo("DeviceNotFound"))
                .hasMessageContaining("Device 'vol-x' not found");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void eventsReachTheWaiterWhoseFilterMatches() throws Exception {
        QmpClient client = connect(request -> request.get("execute").asString().equals("qmp_capabilities")
                ? List.of(reply(request, "{}"))
                : List.of(reply(request, "{}"),
                        event("DEVICE_DELETED", "{\"path\": \"/machine/peripheral/vol-a/virtio-backend\"}"),
                        event("DEVICE_DELETED", "{\"device\": \"vol-b\", \"path\": \"/machine/peripheral/vol-b\"}"),
                        event("DEVICE_DELETED", "{\"device\": \"vol-a\", \"path\": \"/machine/peripheral/vol-a\"}")));
        CompletableFuture<QmpEvent> deleted = client.awaitEvent(
                e -> e.event().equals("DEVICE_DELETED") && "vol-a".equals(e.dataString("device")));
        client.execute("device_del", Map.of("id", "vol-a"), TIMEOUT);
        assertThat(deleted.get(5, TimeUnit.SECONDS).dataString("path")).isEqualTo("/machine/peripheral/vol-a");
    }

    @Test
    void unansweredCommandTimesOut() throws Exception {
        QmpClient client = connect(request -> request.get("execute").asString().equals("qmp_capabilities")
                ? List.of(reply(request, "{}")) : List.of());
        assertThatThrownBy(() -> client.execute("query-status", null, Duration.ofMillis(200)))
                .isInstanceOf(QmpException.class)
                .hasMessageContaining("timed out after 200 ms");
    }

    @Test
    void connectionClosedByQemuFailsCommandsAndWaiters() throws Exception {
        QmpClient client = connect(request -> request.get("execute").asString().equals("qmp_capabilities")
                ? List.of(reply(request, "{}")) : null);
        CompletableFuture<QmpEvent> shutdown = client.awaitEvent(e -> e.event().equals("SHUTDOWN"));
        assertThatThrownBy(() -> client.execute("quit", null, TIMEOUT)).isInstanceOf(QmpException.class)
                .hasMessageContaining("closed");
        assertThat(shutdown).failsWithin(Duration.ofSeconds(5));
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void monitorWithoutGreetingIsReportedAsBusy() throws Exception {
        Path socket = dir.resolve("silent.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        closeables.add(server);
        assertThatThrownBy(() -> QmpClient.connect(socket, "test", MAPPER, Duration.ofMillis(300)))
                .isInstanceOf(QmpException.class)
                .hasMessageContaining("another client");
    }

    /** A client of a fake monitor answering with {@code handler} (see {@link FakeQmpMonitor}). */
    private QmpClient connect(Function<JsonNode, List<String>> handler) throws IOException {
        return FakeQmpMonitor.connect(dir.resolve("qmp.sock"), MAPPER, TIMEOUT, closeables, handler);
    }

    private static String event(String name, String data) {
        return "{\"event\": \"" + name + "\", \"data\": " + data
                + ", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}";
    }
}
