package io.lightcloud.server.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.identity.IdentityFixture;
import io.lightcloud.server.testing.ApiClient;
import io.lightcloud.server.testing.ServerTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The load-test service end to end: the real controller, real executor processes (each its own JVM) registered with
 * their credentials, and a counting HTTP target on loopback. Nothing is mocked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadtestEndToEndTest extends ServerTestBase {
    private static final String PASSWORD = "secret-password";

    private TargetServer target;
    private final List<ExecutorProcess> executors = new ArrayList<>();
    private String admin;
    private String projectA;
    private String projectB;
    private String alice;
    private String bob;

    @BeforeAll
    void startPoolAndTarget() throws Exception {
        target = new TargetServer();
        admin = adminToken();
        IdentityFixture identity = new IdentityFixture(api(), admin);
        String nameA = unique("lt-a");
        String nameB = unique("lt-b");
        projectA = identity.project(nameA);
        projectB = identity.project(nameB);
        String aliceName = unique("alice");
        String bobName = unique("bob");
        identity.grant(projectA, identity.user(aliceName, PASSWORD), "member");
        identity.grant(projectB, identity.user(bobName, PASSWORD), "member");
        alice = api().token(aliceName, PASSWORD, nameA);
        bob = api().token(bobName, PASSWORD, nameB);
        for (String project : List.of(projectA, projectB)) {
            ApiClient.Response policy = api().put("/lightcloud/v1/loadtest/policies/" + project, admin,
                    Map.of("policy", Map.of("allowed_targets", List.of("127.0.0.0/8"), "max_users", 200,
                            "max_rate", 5000, "max_executors", 3, "max_duration_seconds", 120,
                            "max_concurrent_runs", 2)));
            assertThat(policy.status()).as(policy.text()).isEqualTo(200);
        }
        startExecutor("e1");
        startExecutor("e2");
        awaitExecutorsUp(2);
    }

    @AfterAll
    void stopPoolAndTarget() throws InterruptedException {
        for (ExecutorProcess executor : executors) {
            executor.close();
        }
        target.close();
    }

    private void startExecutor(String name) throws IOException {
        ApiClient.Response created = api().post("/lightcloud/v1/loadtest/executors", admin,
                Map.of("executor", Map.of("name", unique(name))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        executors.add(new ExecutorProcess(api().baseUrl(), created.json().get("executor").get("credential")
                .stringValue(), 100, 2000));
    }

    private void awaitExecutorsUp(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode list = api().get("/lightcloud/v1/loadtest/executors", admin).json().get("executors");
            long up = list.values().stream().filter(e -> e.get("state").stringValue().equals("up")).count();
            if (up >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("executors did not come up; logs: " + executors.stream().map(ExecutorProcess::log)
                .toList());
    }

    private String jmx(int threads, int loops, String extra) throws IOException {
        return resource("login-checkout.jmx").replace("@PORT@", Integer.toString(target.port()))
                .replace("@LOOPS@", Integer.toString(loops)).replace("@THREADS@", Integer.toString(threads))
                .replace("@EXTRA@", extra);
    }

    private static String resource(String name) throws IOException {
        try (var in = LoadtestEndToEndTest.class.getResourceAsStream("/loadtest/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Map<String, Object> scenario(Map<String, Object> load, String path) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("label", "fast");
        step.put("url", "http://127.0.0.1:" + target.port() + path);
        step.put("assertions", List.of(Map.of("type", "status", "value", "200")));
        return Map.of("load", load, "steps", List.of(step));
    }

    private String createPlan(String token, Map<String, Object> plan) {
        ApiClient.Response created = api().post("/lightcloud/v1/loadtest/plans", token, Map.of("plan", plan));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("plan").get("id").stringValue();
    }

    private String startRun(String token, String planId) {
        ApiClient.Response started = api().post("/lightcloud/v1/loadtest/runs", token,
                Map.of("run", Map.of("plan_id", planId)));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        return started.json().get("run").get("id").stringValue();
    }

    private JsonNode awaitEnd(String token, String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = api().get("/lightcloud/v1/loadtest/runs/" + runId, token).json().get("run");
            if (List.of("passed", "failed", "stopped", "error").contains(run.get("status").stringValue())) {
                return api().get("/lightcloud/v1/loadtest/runs/" + runId + "/results", token).json();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    private static JsonNode label(JsonNode results, String name) {
        for (JsonNode label : results.get("results").get("labels").values()) {
            if (label.get("label").stringValue().equals(name)) {
                return label;
            }
        }
        throw new AssertionError("no label " + name + " in " + results);
    }

    @Test
    @Order(1)
    void jmxPlanWithCsvExtractorAndAssertionRunsOnTwoExecutorsAndCountsMatchTheTarget() throws Exception {
        long before = target.total();
        String planId = createPlan(alice, Map.of("name", "checkout", "jmx", jmx(4, 5, ""),
                "data_files", Map.of("users.csv", resource("users.csv")),
                "thresholds", List.of("error rate < 1 %", "p99 < 5 s")));
        String runId = startRun(alice, planId);
        JsonNode results = awaitEnd(alice, runId, Duration.ofSeconds(60));
        JsonNode run = results.get("run");
        assertThat(run.get("status").stringValue()).as(results.toString()).isEqualTo("passed");
        assertThat(run.get("shares").size()).isEqualTo(2);
        assertThat(run.get("shares").values()).allMatch(s -> s.get("users").asInt() == 2
                && s.get("state").stringValue().equals("finished"));
        // recycle off, stop on EOF: 10 rows partitioned over the executors make exactly 10 iterations, one per user.
        assertThat(target.count("/login")).isEqualTo(10);
        assertThat(target.logins()).hasSize(10);
        assertThat(target.logins().values()).allMatch(count -> count.sum() == 1);
        JsonNode summary = results.get("results").get("summary");
        assertThat(summary.get("samples").asLong()).isEqualTo(target.total() - before).isEqualTo(20);
        assertThat(summary.get("errors").asLong()).isZero();
        assertThat(label(results, "login").get("samples").asLong()).isEqualTo(10);
        assertThat(label(results, "item").get("samples").asLong()).isEqualTo(10);
        assertThat(label(results, "item").get("assertion_failures").size()).isZero();
        assertThat(label(results, "checkout").get("samples").asLong()).isEqualTo(10);
        assertThat(label(results, "checkout").get("transaction").asBoolean()).isTrue();
        assertThat(results.get("results").get("thresholds").values()).allMatch(t -> t.get("passed").asBoolean());
        ApiClient.Response csv = api().get("/lightcloud/v1/loadtest/runs/" + runId + "/report.csv", alice);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text()).startsWith("Label,# Samples,Average,Median,90% Line,95% Line,99% Line")
                .contains("\nlogin,10,").contains("\nTOTAL,20,");
        ApiClient.Response html = api().get("/lightcloud/v1/loadtest/runs/" + runId + "/report.html", alice);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.text()).contains("<h2>Aggregate report</h2>").contains("error rate &lt; 1 %");
        assertThat(api().get("/loadtest/runs/" + runId, null).text()).contains("<div id=\"app\">");
    }

    @Test
    @Order(2)
    void openModelHoldsTheRateAcrossExecutorsAndCountsMatchTheTarget() throws Exception {
        long before = target.count("/open");
        String planId = createPlan(alice, Map.of("name", "open", "scenario", scenario(
                Map.of("model", "open", "rate", 300, "connections", 20, "duration_seconds", 6), "/open")));
        String runId = startRun(alice, planId);
        JsonNode results = awaitEnd(alice, runId, Duration.ofSeconds(60));
        assertThat(results.get("run").get("status").stringValue()).as(results.toString()).isEqualTo("passed");
        long samples = results.get("results").get("summary").get("samples").asLong();
        assertThat(samples).isEqualTo(target.count("/open") - before);
        assertThat((double) samples).isBetween(1800 * 0.97, 1800 * 1.03);
        assertThat(results.get("run").get("shares").values()).allMatch(s -> s.get("rate").asDouble() == 150);
    }

    @Test
    @Order(3)
    void projectsRunAtTheSameTimeAndSeeOnlyTheirOwnPlansRunsAndResults() throws Exception {
        String planA = createPlan(alice, Map.of("name", "a", "scenario", scenario(
                Map.of("model", "closed", "users", 2, "duration_seconds", 3), "/a")));
        String planB = createPlan(bob, Map.of("name", "b", "scenario", scenario(
                Map.of("model", "closed", "users", 2, "duration_seconds", 3), "/b")));
        String runA = startRun(alice, planA);
        String runB = startRun(bob, planB);
        assertThat(api().get("/lightcloud/v1/loadtest/plans/" + planA, bob).status()).isEqualTo(404);
        assertThat(api().get("/lightcloud/v1/loadtest/runs/" + runA, bob).status()).isEqualTo(404);
        assertThat(api().get("/lightcloud/v1/loadtest/runs/" + runA + "/results", bob).status()).isEqualTo(404);
        assertThat(api().get("/lightcloud/v1/loadtest/runs/" + runA + "/report.csv", bob).status()).isEqualTo(404);
        assertThat(api().post("/lightcloud/v1/loadtest/runs/" + runA + "/stop", bob, Map.of()).status())
                .isEqualTo(404);
        assertThat(api().delete("/lightcloud/v1/loadtest/plans/" + planA, bob).status()).isEqualTo(404);
        assertThat(api().post("/lightcloud/v1/loadtest/runs", bob, Map.of("run", Map.of("plan_id", planA)))
                .status()).isEqualTo(404);
        assertThat(api().get("/lightcloud/v1/loadtest/runs/compare?a=" + runB + "&b=" + runA, bob).status())
                .isEqualTo(404);
        assertThat(api().put("/lightcloud/v1/loadtest/policies/" + projectB, bob, Map.of("policy",
                Map.of("allowed_targets", List.of("0.0.0.0/0")))).status()).isEqualTo(403);
        assertThat(api().get("/lightcloud/v1/loadtest/executors", bob).status()).isEqualTo(403);
        JsonNode a = awaitEnd(alice, runA, Duration.ofSeconds(60));
        JsonNode b = awaitEnd(bob, runB, Duration.ofSeconds(60));
        assertThat(a.get("run").get("status").stringValue()).isEqualTo("passed");
        assertThat(b.get("run").get("status").stringValue()).isEqualTo("passed");
        assertThat(label(a, "fast").get("samples").asLong()).isEqualTo(target.count("/a"));
        assertThat(label(b, "fast").get("samples").asLong()).isEqualTo(target.count("/b"));
        JsonNode bobsRuns = api().get("/lightcloud/v1/loadtest/runs", bob).json().get("runs");
        assertThat(bobsRuns.values()).extracting(r -> r.get("id").stringValue()).containsExactly(runB);
        JsonNode bobsPlans = api().get("/lightcloud/v1/loadtest/plans", bob).json().get("plans");
        assertThat(bobsPlans.values()).extracting(p -> p.get("id").stringValue()).containsExactly(planB);
        JsonNode comparison = api().get("/lightcloud/v1/loadtest/runs/compare?a=" + runA + "&b=" + runA, alice)
                .json().get("comparison");
        assertThat(comparison.get("labels").size()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void badInputIsA400NamingTheProblemAndStartsNothing() throws Exception {
        int runsBefore = api().get("/lightcloud/v1/loadtest/runs", alice).json().get("runs").size();
        int plansBefore = api().get("/lightcloud/v1/loadtest/plans", alice).json().get("plans").size();
        long requestsBefore = target.total();
        assertRefused(Map.of("name", "broken", "jmx", "<jmeterTestPlan><hashTree>"),
                "The .jmx is not a plan JMeter 5.6.3 can load");
        assertRefused(Map.of("name", "if", "jmx", jmx(1, 1, "<IfController guiclass=\"IfControllerPanel\" "
                + "testclass=\"IfController\" testname=\"sometimes\"><stringProp name=\"IfController.condition\">"
                + "true</stringProp></IfController><hashTree/>"), "data_files", Map.of("users.csv", "u1,s1")),
                "IfControllerPanel 'sometimes'");
        Map<String, Object> outside = new LinkedHashMap<>(scenario(Map.of("model", "closed", "users", 1,
                "duration_seconds", 1), "/"));
        outside.put("steps", List.of(Map.of("label", "x", "url", "http://10.9.8.7:80/")));
        assertRefused(Map.of("name", "outside", "scenario", outside), "target '10.9.8.7' is not in the project's "
                + "allowed targets");
        assertRefused(Map.of("name", "threshold", "scenario", scenario(Map.of("model", "closed", "users", 1,
                "duration_seconds", 1), "/"), "thresholds", List.of("p95 < fast")),
                "threshold 'p95 < fast' does not parse");
        assertRefused(Map.of("name", "bad-path", "scenario", Map.of("load", Map.of("users", 1,
                "duration_seconds", 1), "steps", List.of(Map.of("label", "x", "url", "http://127.0.0.1:1/",
                "extractors", List.of(Map.of("type", "json", "variable", "v", "expression", "$..deep")))))),
                "JSON path '$..deep'");
        String planId = createPlan(alice, Map.of("name", "big", "scenario", scenario(Map.of("model", "closed",
                "users", 1, "duration_seconds", 1), "/")));
        ApiClient.Response tooMany = api().post("/lightcloud/v1/loadtest/runs", alice,
                Map.of("run", Map.of("plan_id", planId, "users", 5000)));
        assertThat(tooMany.status()).isEqualTo(403);
        assertThat(tooMany.text()).contains("may use 200");
        ApiClient.Response badThreshold = api().post("/lightcloud/v1/loadtest/runs", alice,
                Map.of("run", Map.of("plan_id", planId, "thresholds", List.of("p95 > 1 parsec"))));
        assertThat(badThreshold.status()).isEqualTo(400);
        assertThat(api().get("/lightcloud/v1/loadtest/runs", alice).json().get("runs").size()).isEqualTo(runsBefore);
        assertThat(api().get("/lightcloud/v1/loadtest/plans", alice).json().get("plans").size())
                .isEqualTo(plansBefore + 1);
        Thread.sleep(500);
        assertThat(target.total()).isEqualTo(requestsBefore);
    }

    private void assertRefused(Map<String, Object> plan, String expected) {
        ApiClient.Response refused = api().post("/lightcloud/v1/loadtest/plans", alice, Map.of("plan", plan));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().get("error").get("message").stringValue()).contains(expected);
    }

    @Test
    @Order(5)
    void cliStartsARunFromAPlanFileAndExitsNonZeroWhenAThresholdFails() throws Exception {
        Path plan = Files.createTempFile("lightcloud-plan-", ".json");
        Files.writeString(plan, new tools.jackson.databind.ObjectMapper().writeValueAsString(scenario(
                Map.of("model", "closed", "users", 2, "duration_seconds", 2), "/cli")));
        String token = alice;
        assertThat(cli(token, plan, "error rate < 1 %")).isZero();
        assertThat(cli(token, plan, "p99 < 0.001 ms")).isEqualTo(1);
        Files.delete(plan);
    }

    private int cli(String token, Path plan, String threshold) throws IOException, InterruptedException {
        Path output = Files.createTempFile("lightcloud-cli-", ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.lightcloud.loadgen.cli.LoadtestCli",
                "--controller", api().baseUrl(), "--token", token, "--plan", plan.toString(), "--threshold",
                threshold).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(output);
        Files.delete(output);
        assertThat(log).contains("run ").contains(threshold);
        return process.exitValue();
    }

    @Test
    @Order(6)
    void aFailingThresholdAbortsTheRunEarlyWhenAsked() throws Exception {
        String planId = createPlan(alice, Map.of("name", "doomed", "scenario", scenario(
                Map.of("model", "closed", "users", 2, "duration_seconds", 60), "/doomed")));
        ApiClient.Response started = api().post("/lightcloud/v1/loadtest/runs", alice, Map.of("run", Map.of(
                "plan_id", planId, "thresholds", List.of("p99 < 0.001 ms"), "abort_on_threshold", true)));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.json().get("run").get("id").stringValue();
        long began = System.nanoTime();
        JsonNode results = awaitEnd(alice, runId, Duration.ofSeconds(40));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began)).isLessThan(30);
        assertThat(results.get("run").get("status").stringValue()).isEqualTo("failed");
        assertThat(results.get("run").get("events").toString()).contains("failed during the run");
        assertThat(results.get("results").get("thresholds").get(0).get("passed").asBoolean()).isFalse();
    }

    @Test
    @Order(7)
    void stopReachesEveryExecutorWithinASecond() throws Exception {
        String planId = createPlan(alice, Map.of("name", "long", "scenario", scenario(
                Map.of("model", "closed", "users", 4, "duration_seconds", 60), "/long")));
        String runId = startRun(alice, planId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (target.count("/long") < 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(api().post("/lightcloud/v1/loadtest/runs/" + runId + "/stop", alice, Map.of()).status())
                .isEqualTo(202);
        Thread.sleep(1000);
        long afterOneSecond = target.count("/long");
        Thread.sleep(1000);
        assertThat(target.count("/long")).isEqualTo(afterOneSecond);
        JsonNode results = awaitEnd(alice, runId, Duration.ofSeconds(20));
        assertThat(results.get("run").get("status").stringValue()).isEqualTo("stopped");
        assertThat(results.get("results").get("summary").get("samples").asLong()).isPositive();
    }

    @Test
    @Order(8)
    void aKilledExecutorLeavesTheRunGoingOnTheOthersAndTheReportSaysSo() throws Exception {
        startExecutor("e3");
        awaitExecutorsUp(3);
        String planId = createPlan(alice, Map.of("name", "survivor", "scenario", scenario(
                Map.of("model", "closed", "users", 6, "duration_seconds", 16), "/survive")));
        String runId = startRun(alice, planId);
        Thread.sleep(5000);
        ExecutorProcess victim = executors.get(2);
        victim.kill();
        long killedAt = target.count("/survive");
        JsonNode results = awaitEnd(alice, runId, Duration.ofSeconds(60));
        JsonNode run = results.get("run");
        assertThat(run.get("status").stringValue()).as(results.toString()).isEqualTo("passed");
        assertThat(run.get("message").stringValue()).contains("did not finish their share");
        assertThat(run.get("shares").values()).extracting(s -> s.get("state").stringValue())
                .containsExactlyInAnyOrder("finished", "finished", "lost");
        assertThat(run.get("events").toString()).contains("stopped reporting");
        assertThat(target.count("/survive")).isGreaterThan(killedAt);
        long samples = results.get("results").get("summary").get("samples").asLong();
        assertThat(samples).isLessThanOrEqualTo(target.count("/survive")).isGreaterThan(killedAt / 2);
        assertThat(results.get("results").get("partial").asBoolean()).isTrue();
    }
}
