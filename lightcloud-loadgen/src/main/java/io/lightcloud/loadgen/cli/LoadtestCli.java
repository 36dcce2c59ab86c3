package io.lightcloud.loadgen.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline step: {@code ./lightcloud loadtest --controller URL (--token T | --user U --password P --project N)
 * --plan FILE [--data FILE]... [--threshold "p95 < 300 ms"]... [--name NAME]} uploads the plan (a JSON scenario or a
 * {@code .jmx} with its CSV files), starts a run, prints its progress, and exits 0 when it passed, 1 when a threshold
 * failed and 2 when the run could not run (refused input, stopped, error).
 */
public final class LoadtestCli {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LoadtestCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> thresholds = new ArrayList<>();
        List<String> dataFiles = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threshold" -> thresholds.add(args[i + 1]);
                case "--data" -> dataFiles.add(args[i + 1]);
                default -> options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
        }
        String controller = options.get("controller");
        String planFile = options.get("plan");
        if (controller == null || planFile == null || args.length % 2 != 0) {
            System.err.println("usage: loadtest --controller URL (--token T | --user U --password P --project NAME) "
                    + "--plan FILE [--data FILE]... [--threshold EXPR]... [--name NAME]");
            return 2;
        }
        controller = controller.replaceAll("/+$", "");
        String token = options.containsKey("token") ? options.get("token")
                : token(controller, options.get("user"), options.get("password"), options.get("project"));
        Path plan = Path.of(planFile);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", options.getOrDefault("name", plan.getFileName().toString()));
        if (planFile.endsWith(".jmx")) {
            body.put("jmx", Files.readString(plan, StandardCharsets.UTF_8));
            Map<String, String> files = new LinkedHashMap<>();
            for (String data : dataFiles) {
                files.put(Path.of(data).getFileName().toString(), Files.readString(Path.of(data),
                        StandardCharsets.UTF_8));
            }
            body.put("data_files", files);
        } else {
            body.put("scenario", JSON.readTree(Files.readString(plan, StandardCharsets.UTF_8)));
        }
        body.put("thresholds", thresholds);
        HttpResponse<String> created = send(controller + "/lightcloud/v1/loadtest/plans", token,
                Map.of("plan", body));
        if (created.statusCode() != 201) {
            System.err.println("plan refused (" + created.statusCode() + "): " + created.body());
            return 2;
        }
        String planId = JSON.readTree(created.body()).path("plan").path("id").asString();
        HttpResponse<String> started = send(controller + "/lightcloud/v1/loadtest/runs", token,
                Map.of("run", Map.of("plan_id", planId)));
        if (started.statusCode() != 202) {
            System.err.println("run refused (" + started.statusCode() + "): " + started.body());
            return 2;
        }
        String runId = JSON.readTree(started.body()).path("run").path("id").asString();
        System.out.println("run " + runId + " started");
        while (true) {
            Thread.sleep(1000);
            HttpResponse<String> polled = send(controller + "/lightcloud/v1/loadtest/runs/" + runId + "/results",
                    token, null);
            JsonNode answer = JSON.readTree(polled.body());
            String status = answer.path("run").path("status").asString();
            JsonNode summary = answer.path("results").path("summary");
            System.out.printf("%s: %d samples, p95 %.1f ms, errors %.2f %%, %d users%n", status,
                    summary.path("samples").asLong(), summary.path("p95_ms").asDouble(),
                    summary.path("error_percent").asDouble(), summary.path("active_users").asInt());
            if (List.of("passed", "failed", "stopped", "error").contains(status)) {
                for (JsonNode verdict : answer.path("results").path("thresholds").values()) {
                    System.out.println((verdict.path("passed").asBoolean() ? "PASS " : "FAIL ")
                            + verdict.path("threshold").asString() + " (actual " + verdict.path("actual").asDouble()
                            + ")");
                }
                System.out.println(answer.path("run").path("message").asString());
                return status.equals("passed") ? 0 : status.equals("failed") ? 1 : 2;
            }
        }
    }

    private static String token(String controller, String user, String password, String project)
            throws IOException, InterruptedException {
        Map<String, Object> auth = Map.of("auth", Map.of(
                "identity", Map.of("methods", List.of("password"), "password", Map.of("user", Map.of(
                        "name", user, "domain", Map.of("id", "default"), "password", password))),
                "scope", Map.of("project", Map.of("name", project, "domain", Map.of("id", "default")))));
        HttpResponse<String> response = send(controller + "/identity/v3/auth/tokens", null, auth);
        if (response.statusCode() != 201) {
            throw new IOException("authentication failed (" + response.statusCode() + "): " + response.body());
        }
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private static HttpResponse<String> send(String url, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
