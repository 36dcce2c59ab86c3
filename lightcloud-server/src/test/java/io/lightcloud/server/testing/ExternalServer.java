package io.lightcloud.server.testing;

import static java.util.Objects.requireNonNull;

import io.lightcloud.server.LightcloudServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The controller in a JVM of its own, for tests that need what an in-process server cannot give: a capped heap, or
 * a controller killed outright ({@code SIGKILL}) and started again on the same data directory. It runs on the test
 * classpath, so it needs no packaged jar, and logs to {@code server.log} in its data directory.
 */
public final class ExternalServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ExternalServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a controller on {@code dataDir} with the JVM options and extra {@code --name=value} arguments given. */
    public static ExternalServer start(Path dataDir, List<String> jvmOptions, List<String> arguments)
            throws IOException, InterruptedException {
        requireNonNull(dataDir, "dataDir is null");
        int port = freePort();
        Path argFile = Files.createTempFile("lightcloud-server-args", ".txt");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("@" + argFile);
        command.add(LightcloudServer.class.getName());
        command.addAll(List.of("--server.port=" + port, "--lightcloud.data-dir=" + dataDir,
                "--lightcloud.bootstrap.admin-password=" + ServerTestBase.ADMIN_PASSWORD,
                "--lightcloud.identity.password-hash-rounds=4"));
        command.addAll(TestDatabase.arguments(dataDir.toString()));
        command.addAll(arguments);
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ExternalServer server = new ExternalServer(process, port, log);
        try {
            server.awaitReady(Duration.ofMinutes(3));
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.kill();
            throw e;
        } finally {
            Files.deleteIfExists(argFile);
        }
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ApiClient api() {
        return new ApiClient(baseUrl());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The peak resident memory of the server process so far, in kB (VmHWM). */
    public long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM for process " + process.pid());
    }

    /** Stops the controller the way a crash does: at once, with no shutdown hooks. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Stops the controller as a service manager does, with {@code SIGTERM}, and answers its exit status; kills it
     * and fails if it is still running after {@code timeout}.
     */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException("the server did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting; poll again
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not become ready within " + timeout + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
