package io.lightcloud.agent.driver.qemu;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client for one QEMU Machine Protocol socket: JSON objects, one per line, over a Unix socket. It completes the
 * {@code qmp_capabilities} handshake, matches replies to commands by {@code id} (so commands may be issued from
 * several threads) and hands asynchronous events to waiters registered with {@link #awaitEvent}.
 *
 * <p>QEMU serves one client per monitor socket at a time; a second client's connection is accepted by the kernel but
 * gets no greeting until the first disconnects, so {@link #connect} fails with a timeout while another client holds
 * the monitor.
 */
public final class QmpClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QmpClient.class);

    private final String label;
    private final SocketChannel channel;
    private final ObjectMapper mapper;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean open = true;

    private QmpClient(String label, SocketChannel channel, ObjectMapper mapper) {
        this.label = label;
        this.channel = channel;
        this.mapper = mapper;
        this.reader = new Thread(this::readLoop, "qmp-" + label);
        this.reader.setDaemon(true);
    }

    /** Connects and completes the handshake, or fails within {@code timeout}. */
    public static QmpClient connect(Path socket, String label, ObjectMapper mapper, Duration timeout) {
        requireNonNull(socket, "socket");
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new QmpException("cannot connect to QMP socket " + socket + ": " + e.getMessage(), e);
        }
        QmpClient client = new QmpClient(label, channel, mapper);
        client.reader.start();
        try {
            await(client.greeting, timeout, "QMP greeting on " + socket
                    + " (is another client connected to this monitor?)");
            client.execute("qmp_capabilities", null, timeout);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public boolean isOpen() {
        return open;
    }

    /** Runs a command and returns its {@code return} value. */
    public JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) {
        ObjectNode request = mapper.createObjectNode();
        long id = ids.incrementAndGet();
        request.put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            request.set("arguments", mapper.valueToTree(arguments));
        }
        request.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            if (!open) {
                throw new QmpException("QMP connection to " + label + " is closed", null);
            }
            ByteBuffer line = ByteBuffer.wrap((mapper.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            synchronized (channel) {
                while (line.hasRemaining()) {
                    channel.write(line);
                }
            }
            return await(reply, timeout, "reply to QMP " + command + " from " + label);
        } catch (IOException e) {
            close();
            throw new QmpException("QMP " + command + " to " + label + " failed: " + e.getMessage(), e);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Registers interest in the next event matching {@code filter}. Register before issuing the command that causes
     * the event, so it cannot be missed. The future fails if the connection closes first.
     */
    public CompletableFuture<QmpEvent> awaitEvent(Predicate<QmpEvent> filter) {
        EventWaiter waiter = new EventWaiter(filter, new CompletableFuture<>());
        waiters.add(waiter);
        waiter.future().whenComplete((event, error) -> waiters.remove(waiter));
        if (!open) {
            waiter.future().completeExceptionally(new QmpException("QMP connection to " + label + " is closed", null));
        }
        return waiter.future();
    }

    @Override
    public void close() {
        open = false;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing QMP connection to {} failed: {}", label, e.getMessage());
        }
        failAll(new QmpException("QMP connection to " + label + " closed", null));
    }

    // Reads the channel directly: the java.nio.channels.Channels streams lock the channel's blockingLock for a whole
    // blocking read, which would stall every write while the reader waits for the next event.
    private void readLoop() {
        ByteBuffer chunk = ByteBuffer.allocate(65536);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (channel.read(chunk) >= 0) {
                chunk.flip();
                while (chunk.hasRemaining()) {
                    byte b = chunk.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (!text.isBlank()) {
                        dispatch(text);
                    }
                }
                chunk.clear();
            }
        } catch (IOException e) {
            if (open) {
                log.debug("QMP connection to {} failed: {}", label, e.getMessage());
            }
        } finally {
            open = false;
            failAll(new QmpException("QMP connection to " + label + " closed by QEMU", null));
        }
    }

    private void dispatch(String line) {
        JsonNode message;
        try {
            message = mapper.readTree(line);
        } catch (JacksonException e) {
            log.warn("unparseable QMP message from {}: {}", label, line);
            return;
        }
        if (message.has("QMP")) {
            greeting.complete(message);
        } else if (message.has("event")) {
            QmpEvent event = new QmpEvent(message.get("event").asString(),
                    message.has("data") ? message.get("data") : mapper.createObjectNode());
            log.debug("QMP event instance={} event={} data={}", label, event.event(), event.data());
            for (EventWaiter waiter : waiters) {
                if (waiter.filter().test(event)) {
                    waiter.future().complete(event);
                }
            }
        } else if (message.has("id") && message.get("id").canConvertToLong()) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asLong());
            if (reply == null) {
                return;
            }
            JsonNode error = message.get("error");
            if (error != null) {
                reply.completeExceptionally(new QmpException(
                        "QEMU refused: " + error.path("desc").asString(), error.path("class").asString(), null));
            } else {
                reply.complete(message.path("return"));
            }
        }
    }

    private void failAll(QmpException cause) {
        greeting.completeExceptionally(cause);
        pending.values().forEach(reply -> reply.completeExceptionally(cause));
        waiters.forEach(waiter -> waiter.future().completeExceptionally(cause));
    }

    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new QmpException("timed out after " + timeout.toMillis() + " ms waiting for " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QmpException qmp) {
                throw new QmpException(qmp.getMessage(), qmp.errorClass(), qmp);
            }
            throw new QmpException("failed waiting for " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted waiting for " + what, e);
        }
    }

    private record EventWaiter(Predicate<QmpEvent> filter, CompletableFuture<QmpEvent> future) {
    }
}
