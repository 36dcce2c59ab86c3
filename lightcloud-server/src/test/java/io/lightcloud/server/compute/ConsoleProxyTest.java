package io.lightcloud.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.server.testing.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The web console's WebSocket proxy ({@code /lightcloud/v1/console/websockify}): a console token from the
 * remote-console API opens one session to the VNC endpoint the server's host reported. The simulated host reports
 * stand-in VNC servers on this machine, each greeting with an RFB banner that names its server and then echoing.
 * A host with a remote address is reached through the agent's console tunnel, whose agent end the test plays over
 * the agent protocol (the real agent's end is exercised by {@code MultiHostNetworkEndToEndTest}).
 */
class ConsoleProxyTest extends ComputeTestBase {
    @Autowired
    private JdbcClient jdbc;

    private ComputeFixture.Tenant tenant;
    private SimulatedAgent agent;
    private FakeVnc vncA;
    private FakeVnc vncB;
    private String serverA;
    private String serverB;
    private String flavor;
    private String image;

    @BeforeEach
    void setUp() throws IOException {
        tenant = fixture.tenant(unique("console"));
        flavor = fixture.flavor(unique("console"), 1, 256, 1);
        image = fixture.image(unique("console"));
        agent = SimulatedAgent.start(api, admin, unique("host"), 4, 8192, 100, zone);
        serverA = active(agent, tenant.token(), "screen-a", flavor, image);
        serverB = active(agent, tenant.token(), "screen-b", flavor, image);
        vncA = new FakeVnc("A");
        vncB = new FakeVnc("B");
        reportVnc(agent, serverA, vncA.port());
        reportVnc(agent, serverB, vncB.port());
    }

    @AfterEach
    void tearDown() throws IOException {
        agent.close();
        vncA.close();
        vncB.close();
    }

    @Test
    void aTokenOpensItsServersConsoleOnceAndPumpsBytesBothWays() throws Exception {
        String token = consoleToken(tenant.token(), serverA);
        Session session = Session.open(port, token);
        assertThat(session.subprotocol()).isEqualTo("binary");
        assertThat(session.read(12)).isEqualTo("RFB 003.008\n");
        assertThat(session.read(2)).as("the stand-in VNC server of server A").isEqualTo("A\n");
        session.send("key press");
        assertThat(session.read(9)).isEqualTo("key press");
        session.close();

        assertThat(handshakeStatus(token)).as("a second use of the token").isEqualTo(403);
    }

    @Test
    void aCrossOriginHandshakeIsRefusedWithoutSpendingTheToken() throws Exception {
        String token = consoleToken(tenant.token(), serverA);
        URI uri = URI.create("ws://127.0.0.1:" + port + "/lightcloud/v1/console/websockify?token=" + token);
        assertThat(statusOf(() -> Session.connect(uri, Map.of("Origin", "http://evil.example"))))
                .isEqualTo(403);
        assertThat(vncA.connections()).isZero();

        Session session = Session.connect(uri, Map.of("Origin", "http://127.0.0.1:" + port));
        assertThat(session.read(14)).as("the token still opens the console from its own origin")
                .isEqualTo("RFB 003.008\nA\n");
        session.close();
    }

    @Test
    void aTokenForOneServerOpensOnlyThatServersConsole() throws Exception {
        Session b = Session.open(port, consoleToken(tenant.token(), serverB));
        assertThat(b.read(14)).isEqualTo("RFB 003.008\nB\n");
        b.close();
        Session a = Session.open(port, consoleToken(tenant.token(), serverA));
        assertThat(a.read(14)).isEqualTo("RFB 003.008\nA\n");
        a.close();
        assertThat(vncA.connections()).isEqualTo(1);
        assertThat(vncB.connections()).isEqualTo(1);
    }

    @Test
    void requestsWithoutAValidTokenAreRefused() throws Exception {
        assertThat(handshakeStatus(null)).isEqualTo(403);
        assertThat(handshakeStatus("")).isEqualTo(403);
        assertThat(handshakeStatus("forged-token")).isEqualTo(403);
        assertThat(vncA.connections() + vncB.connections()).as("no VNC connection was opened").isZero();
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = consoleToken(tenant.token(), serverA);
        // Ages every token of the server past its lifetime, as the passing of the 10 minutes would.
        jdbc.sql("UPDATE compute_console_token SET expires_at = ? WHERE instance_id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), serverA).update();
        assertThat(handshakeStatus(token)).isEqualTo(403);
        assertThat(vncA.connections()).isZero();
    }

    @Test
    void anotherProjectsUserGetsNoConsoleUrl() {
        ComputeFixture.Tenant stranger = fixture.tenant(unique("stranger"));
        ApiClient.Response refused = fixture.nova("POST", "/servers/" + serverA + "/remote-consoles", stranger.token(),
                Map.of("remote_console", Map.of("protocol", "vnc", "type", "novnc")));
        assertThat(refused.status()).as(refused.text()).isIn(403, 404);
        assertThat(refused.text()).doesNotContain("token=");
    }

    @Test
    void aRemoteHostsConsoleComesThroughItsAgentsTunnel() throws Exception {
        SimulatedAgent remote = SimulatedAgent.start(api, admin, unique("remote"), 4, 8192, 100, zone);
        try {
            remote.register(4, 8192, 100, "192.0.2.77");
            Map<String, Object> body = fixture.serverBody("screen-r", flavor, image);
            body.put("availability_zone", zone + ":" + remote.hostname());
            String server = fixture.createServer(admin, body);
            remote.converge();
            fixture.awaitServer(admin, server, ComputeFixture.status("ACTIVE"), "ACTIVE");
            reportVnc(remote, server, 5999);
            String token = consoleToken(admin, server);
            CompletableFuture<Session> browser = CompletableFuture.supplyAsync(() -> Session.open(port, token));

            ApiClient.Response polled = remote.call("GET", "/lightcloud/v1/agent/console-tunnels?wait=10", null);
            assertThat(polled.status()).as(polled.text()).isEqualTo(200);
            assertThat(polled.json().get("tunnels")).hasSize(1);
            JsonNode tunnel = polled.json().get("tunnels").get(0);
            assertThat(tunnel.get("instance_id").stringValue()).isEqualTo(server);
            String path = tunnel.get("path").stringValue();
            assertThat(tunnelHandshakeStatus(path, null)).as("no host credential").isEqualTo(401);
            assertThat(tunnelHandshakeStatus(path, agent.credential())).as("another host's credential").isEqualTo(403);
            assertThat(api.send("GET", "/lightcloud/v1/agent/console-tunnels", null, null, Map.of()).status())
                    .as("polling without a credential").isEqualTo(401);

            Session agentEnd = Session.connect(URI.create("ws://127.0.0.1:" + port + path),
                    Map.of("Authorization", "Bearer " + remote.credential()));
            agentEnd.send("RFB 003.008\nR\n");
            Session session = browser.get(10, TimeUnit.SECONDS);
            assertThat(session.read(14)).as("the remote host's VNC, through the tunnel").isEqualTo("RFB 003.008\nR\n");
            session.send("key press");
            assertThat(agentEnd.read(9)).isEqualTo("key press");
            assertThat(tunnelHandshakeStatus(path, remote.credential())).as("a tunnel id works once").isEqualTo(403);
            session.close();
            assertThat(agentEnd.closed().get(10, TimeUnit.SECONDS)).as("closing the console closes the tunnel")
                    .isNotNull();
            assertThat(vncA.connections() + vncB.connections()).as("no local VNC server was used").isZero();
        } finally {
            remote.close();
        }
    }

    @Test
    void theConsolePageIsTheDashboard() {
        ApiClient.Response page = api.get("/lightcloud/v1/console/vnc.html?token=whatever", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<div id=\"app\">");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void reportVnc(SimulatedAgent agent, String serverId, int vncPort) {
        JsonNode spec = agent.spec(serverId);
        agent.set(serverId, Map.of("power_state", "running", "applied_revision", spec.get("revision").longValue(),
                "applied_reboot", spec.at("/reboot/counter").longValue(),
                "vnc", Map.of("host", "127.0.0.1", "port", vncPort), "volumes", List.of()));
        agent.report();
    }

    private String consoleToken(String userToken, String serverId) {
        ApiClient.Response console = fixture.nova("POST", "/servers/" + serverId + "/remote-consoles", userToken,
                Map.of("remote_console", Map.of("protocol", "vnc", "type", "novnc")));
        assertThat(console.status()).as(console.text()).isEqualTo(200);
        String url = console.json().at("/remote_console/url").stringValue();
        return url.substring(url.indexOf("token=") + "token=".length());
    }

    /** The HTTP status of a refused handshake, or 101 when the WebSocket opened. */
    private int handshakeStatus(String token) throws Exception {
        return statusOf(() -> Session.open(port, token));
    }

    private int tunnelHandshakeStatus(String path, String credential) throws Exception {
        Map<String, String> headers = credential == null ? Map.of() : Map.of("Authorization", "Bearer " + credential);
        return statusOf(() -> Session.connect(URI.create("ws://127.0.0.1:" + port + path), headers));
    }

    private static int statusOf(Callable<Session> open) throws Exception {
        try {
            open.call().close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ExecutionException failed
                    && failed.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** A WebSocket client session that collects the binary frames it receives. */
    private record Session(WebSocket socket, LinkedBlockingQueue<Byte> received, CompletableFuture<Integer> closed) {
        static Session open(int port, String token) {
            String query = token == null ? "" : "?token=" + token;
            return connect(URI.create("ws://127.0.0.1:" + port + "/lightcloud/v1/console/websockify" + query),
                    Map.of());
        }

        static Session connect(URI uri, Map<String, String> headers) {
            LinkedBlockingQueue<Byte> received = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket.Listener listener = new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                    while (data.hasRemaining()) {
                        received.add(data.get());
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                }
            };
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("binary")
                    .connectTimeout(Duration.ofSeconds(5));
            headers.forEach(builder::header);
            try {
                return new Session(builder.buildAsync(uri, listener).get(15, TimeUnit.SECONDS), received, closed);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }

        String subprotocol() {
            return socket.getSubprotocol();
        }

        void send(String text) throws Exception {
            socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), true).get(5, TimeUnit.SECONDS);
        }

        String read(int bytes) throws InterruptedException {
            byte[] out = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                Byte b = received.poll(10, TimeUnit.SECONDS);
                assertThat(b).as("byte " + i + " of " + bytes).isNotNull();
                out[i] = b;
            }
            return new String(out, StandardCharsets.US_ASCII);
        }

        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    /** A stand-in VNC server on 127.0.0.1: sends an RFB banner and its name, then echoes. */
    private static final class FakeVnc implements AutoCloseable {
        private final ServerSocket server;
        private final String name;
        private volatile int connections;

        FakeVnc(String name) throws IOException {
            this.name = name;
            this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::serve, "fake-vnc-" + name);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections++;
                    OutputStream out = socket.getOutputStream();
                    out.write(("RFB 003.008\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[1024];
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                } catch (IOException e) {
                    // closed by the test or by the proxy: wait for the next connection
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
