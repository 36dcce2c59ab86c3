package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.network.MetadataSource.MetadataAnswer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata service of 169.254.169.254 for the networks this host serves DHCP for. A {@code socat} in the DHCP
 * namespace accepts the guest's TCP connection on port 80 and relays it into a unix socket of this agent, one per
 * network, after a first line {@code LIGHTCLOUD-PEER <guest address>}; the agent reads the HTTP request, asks the
 * {@link MetadataSource} and writes the HTTP answer back. socat runs detached and survives an agent restart (the
 * socket is re-created at the same path).
 */
public final class MetadataRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataRelay.class);
    static final String PEER_HEADER = "LIGHTCLOUD-PEER ";
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final String RELAY_SCRIPT = """
            #!/bin/sh
            # Prefixes the guest's address to the connection, then relays it to the agent's socket ($1).
            { printf 'LIGHTCLOUD-PEER %s\\n' "$SOCAT_PEERADDR"; exec cat; } | exec socat - "UNIX-CONNECT:$1"
            """;

    private final MetadataSource source;
    private final Path directory;
    private final Map<String, ServerSocketChannel> listeners = new ConcurrentHashMap<>();
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "metadata-relay");
        thread.setDaemon(true);
        return thread;
    });

    public MetadataRelay(MetadataSource source, Path stateDir) {
        this.source = requireNonNull(source, "source");
        this.directory = requireNonNull(stateDir, "stateDir").resolve("metadata");
    }

    /** Listens on the network's socket and makes sure socat runs in {@code namespace}. */
    public synchronized void ensure(String networkId, String namespace) {
        Path socket = socket(networkId);
        if (!listeners.containsKey(networkId)) {
            listen(networkId, socket);
        }
        Path script = directory.resolve("relay.sh");
        writeScript(script);
        Path pidFile = directory.resolve(key(networkId) + ".pid");
        Optional<ProcessHandle> running = Processes.running(pidFile, socket.toString());
        if (running.isPresent()) {
            return;
        }
        List<String> argv = NetworkCommands.namespaceArgv(namespace, List.of("socat",
                "TCP-LISTEN:80,bind=" + DhcpConfig.METADATA_ADDRESS + ",fork,reuseaddr",
                "SYSTEM:/bin/sh " + script + " " + socket));
        try {
            File output = directory.resolve(key(networkId) + ".log").toFile();
            Process process = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output)).start();
            Files.writeString(pidFile, String.valueOf(process.pid()), StandardCharsets.UTF_8);
            log.info("metadata relay started network={} namespace={} pid={}", networkId, namespace, process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start socat for network " + networkId, e);
        }
    }

    /** Stops relays and listeners of networks not in {@code keep}. */
    public synchronized void retain(Set<String> keep) {
        for (String networkId : Set.copyOf(listeners.keySet())) {
            if (!keep.contains(networkId)) {
                closeListener(networkId);
            }
        }
        if (!Files.isDirectory(directory)) {
            return;
        }
        Set<String> keys = keep.stream().map(MetadataRelay::key).collect(Collectors.toSet());
        try (var entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot < 0 || name.equals("relay.sh") || keys.contains(name.substring(0, dot))) {
                    continue;
                }
                if (name.endsWith(".pid")) {
                    Processes.running(entry, "socat").ifPresent(Processes::terminate);
                    log.info("metadata relay stopped network={}", name.substring(0, dot));
                }
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops listening; socat processes are left for the next agent, like the VMs. */
    @Override
    public synchronized void close() {
        Set.copyOf(listeners.keySet()).forEach(this::closeListener);
        connections.shutdownNow();
    }

    Path socket(String networkId) {
        return directory.resolve(key(networkId) + ".sock");
    }

    private void listen(String networkId, Path socket) {
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            listeners.put(networkId, server);
            connections.execute(() -> accept(networkId, server));
            log.info("metadata socket listening network={} socket={}", networkId, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + socket, e);
        }
    }

    private void closeListener(String networkId) {
        ServerSocketChannel server = listeners.remove(networkId);
        try {
            server.close();
            Files.deleteIfExists(socket(networkId));
        } catch (IOException e) {
            log.warn("closing the metadata socket failed network={} error=\"{}\"", networkId, e.getMessage());
        }
    }

    private void accept(String networkId, ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                connections.execute(() -> serve(networkId, channel));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("metadata socket accept failed network={} error=\"{}\"", networkId, e.getMessage());
                }
                return;
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    private void serve(String networkId, SocketChannel channel) {
        try (channel; InputStream in = Channels.newInputStream(channel);
                OutputStream out = Channels.newOutputStream(channel)) {
            String peerLine = readLine(in);
            String requestLine = readLine(in);
            while (true) {
                String header = readLine(in);
                if (header == null || header.isEmpty()) {
                    break;
                }
            }
            if (peerLine == null || !peerLine.startsWith(PEER_HEADER) || requestLine == null) {
                respond(out, new MetadataAnswer(400, "text/plain", "bad request\n".getBytes(StandardCharsets.UTF_8)));
                return;
            }
            String peer = peerLine.substring(PEER_HEADER.length()).strip();
            String[] parts = requestLine.split(" ");
            if (parts.length < 2 || !parts[0].equals("GET")) {
                respond(out, new MetadataAnswer(405, "text/plain",
                        "only GET is served\n".getBytes(StandardCharsets.UTF_8)));
                return;
            }
            String path = parts[1];
            int query = path.indexOf('?');
            path = (query >= 0 ? path.substring(0, query) : path).replaceFirst("^/+", "");
            MetadataAnswer answer;
            try {
                answer = source.fetch(networkId, peer, path);
            } catch (RuntimeException e) {
                log.warn("metadata lookup failed network={} address={} path={} error=\"{}\"", networkId, peer, path,
                        e.getMessage());
                answer = new MetadataAnswer(502, "text/plain", "metadata unavailable\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            respond(out, answer);
            log.debug("metadata served network={} address={} path={} status={}", networkId, peer, path,
                    answer.status());
        } catch (IOException e) {
            log.debug("metadata connection failed network={} error=\"{}\"", networkId, e.getMessage());
        }
    }

    private static void respond(OutputStream out, MetadataAnswer answer) throws IOException {
        byte[] body = answer.body();
        String head = "HTTP/1.0 " + answer.status() + " " + reason(answer.status()) + "\r\nContent-Type: "
                + answer.contentType() + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Error";
        };
    }

    /** One line without its CR LF, or null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_HEADER_BYTES) {
                throw new IOException("header line too long");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private void writeScript(Path script) {
        try {
            if (!Files.exists(script) || !Files.readString(script).equals(RELAY_SCRIPT)) {
                Files.writeString(script, RELAY_SCRIPT, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String networkId) {
        return networkId.replaceAll("[^A-Za-z0-9-]", "_");
    }
}
