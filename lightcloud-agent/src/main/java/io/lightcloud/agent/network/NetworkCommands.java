package io.lightcloud.agent.network;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.process.CommandResult;
import io.lightcloud.agent.process.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the networking tools ({@code ip}, {@code bridge}, {@code nft}, {@code sysctl}, ...) either in the agent's host
 * namespace (the configured one, or the agent's own) or inside a namespace the agent created.
 */
public final class NetworkCommands {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ProcessRunner runner;
    private final String hostNamespace;

    /** {@code hostNamespace} null runs host commands in the agent's own namespace. */
    public NetworkCommands(ProcessRunner runner, String hostNamespace) {
        this.runner = requireNonNull(runner, "runner");
        this.hostNamespace = hostNamespace;
    }

    public CommandResult host(String... argv) {
        return runner.run(hostArgv(List.of(argv)), TIMEOUT);
    }

    public CommandResult hostAllowingFailure(String... argv) {
        return runner.runAllowingFailure(hostArgv(List.of(argv)), TIMEOUT);
    }

    /** Runs a command fed with {@code stdin} on its standard input (for {@code nft -f -}). */
    public CommandResult hostWithInput(String stdin, String... argv) {
        return runner.run(hostArgv(List.of(argv)), stdin, TIMEOUT);
    }

    public JsonNode hostJson(String... argv) {
        return parse(host(argv).stdout());
    }

    /**
     * Runs a command outside the host namespace: {@code ip netns add/del/list/pids}, whose bind mounts must not be
     * made inside the private mount namespace of an {@code ip netns exec}.
     */
    public CommandResult namespaces(String... argv) {
        return runner.run(List.of(argv), TIMEOUT);
    }

    public CommandResult namespacesAllowingFailure(String... argv) {
        return runner.runAllowingFailure(List.of(argv), TIMEOUT);
    }

    public CommandResult in(String namespace, String... argv) {
        return runner.run(namespaceArgv(namespace, List.of(argv)), TIMEOUT);
    }

    public CommandResult inAllowingFailure(String namespace, String... argv) {
        return runner.runAllowingFailure(namespaceArgv(namespace, List.of(argv)), TIMEOUT);
    }

    public CommandResult inWithInput(String namespace, String stdin, String... argv) {
        return runner.run(namespaceArgv(namespace, List.of(argv)), stdin, TIMEOUT);
    }

    public JsonNode inJson(String namespace, String... argv) {
        return parse(in(namespace, argv).stdout());
    }

    /** The argv that runs {@code argv} inside {@code namespace}, for processes the caller starts itself. */
    public static List<String> namespaceArgv(String namespace, List<String> argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(argv);
        return full;
    }

    public List<String> hostArgv(List<String> argv) {
        return hostNamespace == null ? List.copyOf(argv) : namespaceArgv(hostNamespace, argv);
    }

    private static JsonNode parse(String stdout) {
        return stdout.isBlank() ? JSON.createArrayNode() : JSON.readTree(stdout);
    }
}
