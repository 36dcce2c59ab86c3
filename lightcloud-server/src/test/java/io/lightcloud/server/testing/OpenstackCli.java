package io.lightcloud.server.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real {@code openstack} command (Debian's python3-openstackclient) against a server under test. The CLI
 * is installed when missing, as the tests of an OpenStack-compatible API must not silently skip it.
 */
public final class OpenstackCli {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Map<String, String> environment;

    public OpenstackCli(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /** The admin of the server at {@code baseUrl}, authenticated with a password. */
    public static OpenstackCli admin(String baseUrl, String password) {
        return forUser(baseUrl, "admin", password, "admin");
    }

    public static OpenstackCli forUser(String baseUrl, String user, String password, String project) {
        Map<String, String> env = new HashMap<>();
        env.put("OS_AUTH_URL", baseUrl + "/identity/v3");
        env.put("OS_USERNAME", user);
        env.put("OS_PASSWORD", password);
        env.put("OS_PROJECT_NAME", project);
        env.put("OS_USER_DOMAIN_NAME", "Default");
        env.put("OS_PROJECT_DOMAIN_NAME", "Default");
        env.put("OS_IDENTITY_API_VERSION", "3");
        env.put("OS_REGION_NAME", "RegionOne");
        return new OpenstackCli(env);
    }

    public OpenstackCli withEnvironment(Map<String, String> replacement) {
        return new OpenstackCli(replacement);
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            return MAPPER.readTree(stdout);
        }
    }

    /** Runs a command that must succeed, and returns its output. */
    public Result ok(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("openstack " + String.join(" ", args) + " failed with " + result.exitCode()
                    + ":\n" + result.stderr() + result.stdout());
        }
        return result;
    }

    public JsonNode json(String... args) {
        List<String> withFormat = new ArrayList<>(List.of(args));
        withFormat.addAll(List.of("-f", "json"));
        return ok(withFormat.toArray(String[]::new)).json();
    }

    public Result run(String... args) {
        return runProgram("openstack", args);
    }

    /**
     * Runs another client of the same installation with this environment, such as {@code glance} (python3-glanceclient
     * comes with the openstack CLI) for the APIs the openstack CLI has no commands for.
     */
    public Result runProgram(String program, String... args) {
        ensureInstalled();
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(program + " " + String.join(" ", args) + " timed out");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void ensureInstalled() {
        if (onPath()) {
            return;
        }
        try {
            Process install = new ProcessBuilder("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                    + "--no-install-recommends python3-openstackclient || (apt-get update -qq && "
                    + "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
                    + "python3-openstackclient)").inheritIO().start();
            install.waitFor(600, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!onPath()) {
            throw new AssertionError("the openstack CLI (python3-openstackclient) is missing and could not be installed");
        }
    }

    private static boolean onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "openstack"))) {
                return true;
            }
        }
        return false;
    }
}
