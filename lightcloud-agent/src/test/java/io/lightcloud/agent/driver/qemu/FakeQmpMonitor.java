package io.lightcloud.agent.driver.qemu;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A fake QEMU monitor on a unix socket for the QMP tests: it sends the greeting and answers each request line with
 * the handler's lines; a null answer closes the connection.
 */
final class FakeQmpMonitor {
    private static final String GREETING = "{\"QMP\": {\"version\": {}, \"capabilities\": []}}";

    private FakeQmpMonitor() {
    }

    /** Starts the monitor at {@code socket} and a client connected to it; both are added to {@code closeables}. */
    static QmpClient connect(Path socket, ObjectMapper mapper, Duration timeout, List<AutoCloseable> closeables,
            Function<JsonNode, List<String>> handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        closeables.add(server);
        Thread thread = new Thread(() -> serve(server, mapper, handler), "fake-qmp");
        thread.setDaemon(true);
        thread.start();
        QmpClient client = QmpClient.connect(socket, "test", mapper, timeout);
        closeables.add(client);
        return client;
    }

    /** QEMU's answer to a request: {@code {"return": value, "id": <the request's id>}}. */
    static String reply(JsonNode request, String value) {
        return "{\"return\": " + value + ", \"id\": " + request.get("id") + "}";
    }

    private static void serve(ServerSocketChannel server, ObjectMapper mapper,
            Function<JsonNode, List<String>> handler) {
        try (SocketChannel channel = server.accept()) {
            send(channel, GREETING);
            StringBuilder line = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    char c = (char) buffer.get();
                    if (c != '\n') {
                        line.append(c);
                        continue;
                    }
                    List<String> answer = handler.apply(mapper.readTree(line.toString()));
                    line.setLength(0);
                    if (answer == null) {
                        return;
                    }
                    for (String out : answer) {
                        send(channel, out);
                    }
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void send(SocketChannel channel, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
