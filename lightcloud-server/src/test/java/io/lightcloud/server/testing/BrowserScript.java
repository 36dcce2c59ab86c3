package io.lightcloud.server.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one of the dashboard's browser scripts ({@code lightcloud-dashboard/src/main/web/browser-tests}) with the
 * machine's Node.js: playwright-core driving the machine's Chromium. The script's {@code RESULT {json}} lines become
 * {@link Outcome#results()}; its screenshots go to {@code target/browser-artifacts} of this module.
 */
public final class BrowserScript {
    public static final Path ARTIFACTS = Path.of("target", "browser-artifacts").toAbsolutePath();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String script;
    private final Map<String, String> environment;

    private BrowserScript(String script, Map<String, String> environment) {
        this.script = requireNonNull(script, "script is null");
        this.environment = Map.copyOf(environment);
    }

    public static BrowserScript of(String script, Map<String, String> environment) {
        return new BrowserScript(script, environment);
    }

    /** What a run printed: its exit code, its output, and its results by key. */
    public record Outcome(int exitCode, String output, Map<String, JsonNode> results) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    public Outcome run(String... args) {
        Path web = webDirectory();
        List<String> command = new ArrayList<>(List.of("node",
                web.resolve("browser-tests").resolve(script).toString()));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("browser-script-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(web.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                builder.environment().put("ARTIFACTS", ARTIFACTS.toString());
                Process process = builder.start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(script + " " + String.join(" ", args) + " did not finish in 10 minutes");
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                Map<String, JsonNode> results = new LinkedHashMap<>();
                output.lines().filter(line -> line.startsWith("RESULT "))
                        .map(line -> MAPPER.readTree(line.substring("RESULT ".length())))
                        .forEach(node -> node.properties().forEach(e -> results.put(e.getKey(), e.getValue())));
                return new Outcome(process.exitValue(), output, results);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The dashboard's web sources, with the node_modules the Maven build installed. */
    public static Path webDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("lightcloud-dashboard/src/main/web"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("lightcloud-dashboard/src/main/web not found above "
                    + Path.of("").toAbsolutePath());
        }
        return dir.resolve("lightcloud-dashboard/src/main/web");
    }
}
