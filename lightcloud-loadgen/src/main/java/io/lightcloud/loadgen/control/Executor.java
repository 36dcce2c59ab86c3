package io.lightcloud.loadgen.control;

import static java.util.Objects.requireNonNull;

import io.lightcloud.loadgen.engine.HttpTransport;
import io.lightcloud.loadgen.engine.RunExecution;
import io.lightcloud.loadgen.scenario.ScenarioReader;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The executor's control loop, like the hypervisor agent's: long-poll the controller for the runs assigned to this
 * executor, start the ones not running yet, abort the ones no longer assigned (the stop button), and post each run's
 * results once a second until its share ends. Several runs execute at once on one shared Netty client.
 */
public final class Executor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Executor.class);
    private static final int POLL_WAIT_SECONDS = 5;
    private static final long GRACE_MILLIS = 5_000;

    private final ControllerClient controller;
    private final HttpTransport transport;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "loadgen-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Executor(ControllerClient controller, int threads) {
        this.controller = requireNonNull(controller, "controller is null");
        this.transport = new HttpTransport(threads);
    }

    /** One assigned run on this executor: its execution and its once-a-second reporting. */
    private final class Session {
        final String runId;
        final RunExecution execution;
        long revision;
        ScheduledFuture<?> reporting;
        ScheduledFuture<?> deadline;
        volatile boolean reportedFinal;

        Session(String runId, RunExecution execution) {
            this.runId = runId;
            this.execution = execution;
        }

        synchronized void report(boolean last) {
            if (reportedFinal) {
                return;
            }
            Map<String, Object> report = new LinkedHashMap<>(execution.recorder().drainReport());
            report.put("final", last);
            report.put("second", System.currentTimeMillis() / 1000);
            reportedFinal = last;
            try {
                JsonNode answer = controller.results(runId, report);
                if (answer.path("abort").asBoolean(false) && !last) {
                    log.info("run {}: the controller asked to abort", runId);
                    execution.abort();
                }
            } catch (IOException e) {
                log.warn("run {}: results not delivered: {}", runId, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void register(Map<String, Object> facts) throws IOException, InterruptedException {
        JsonNode answer = controller.register(Map.of("executor", facts));
        log.info("registered as executor {}", answer.path("executor").path("id").asString());
    }

    /** Polls until {@link #close()}; transient controller failures are retried. */
    public void run() throws InterruptedException {
        long generation = -1;
        while (!closed) {
            try {
                JsonNode work = controller.work(generation, POLL_WAIT_SECONDS);
                generation = work.path("generation").asLong(generation);
                reconcile(work.path("assignments"));
            } catch (ControllerClient.ControllerException e) {
                log.warn("work poll refused: {}", e.getMessage());
                Thread.sleep(1000);
            } catch (IOException e) {
                log.warn("work poll failed: {}", e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    private void reconcile(JsonNode assignments) {
        Set<String> assigned = new HashSet<>();
        for (JsonNode assignment : assignments.values()) {
            String runId = assignment.path("run_id").asString();
            assigned.add(runId);
            Session session = sessions.get(runId);
            if (session == null) {
                start(runId, assignment);
            } else if (assignment.path("revision").asLong(0) > session.revision) {
                rebalance(session, assignment);
            }
        }
        sessions.forEach((runId, session) -> {
            if (!assigned.contains(runId)) {
                log.info("run {}: no longer assigned, aborting", runId);
                session.execution.abort();
            }
        });
    }

    /** A new rate for a running open-model share, effective at the instant every executor of the run was given. */
    private void rebalance(Session session, JsonNode assignment) {
        session.revision = assignment.path("revision").asLong(0);
        double rate = assignment.path("scenario").path("load").path("rate").asDouble();
        long nowMillis = System.currentTimeMillis();
        long atNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                Math.max(0, assignment.path("rate_from").asLong(nowMillis) - nowMillis));
        session.execution.changeRate(rate, atNanos);
        log.info("run {}: rate {}/s from revision {}", session.runId, rate, session.revision);
    }

    private void start(String runId, JsonNode assignment) {
        RunExecution execution;
        try {
            execution = new RunExecution(ScenarioReader.read(assignment.path("scenario")), transport);
        } catch (RuntimeException e) {
            log.error("run {}: cannot run its scenario: {}", runId, e.getMessage());
            return;
        }
        Session session = new Session(runId, execution);
        session.revision = assignment.path("revision").asLong(0);
        sessions.put(runId, session);
        long nowMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                Math.max(0, assignment.path("start_at").asLong(nowMillis) - nowMillis));
        long stopAt = assignment.path("stop_at").asLong(0);
        execution.start(startNanos, assignment.path("first_user_number").asInt(0));
        log.info("run {}: started {} users", runId, execution.scenario().load().users());
        session.reporting = timers.scheduleAtFixedRate(() -> session.report(false), 1, 1, TimeUnit.SECONDS);
        if (stopAt > 0) {
            session.deadline = timers.schedule(() -> {
                execution.stop();
                timers.schedule(execution::abort, GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }, Math.max(0, stopAt - nowMillis), TimeUnit.MILLISECONDS);
        }
        execution.finished().whenComplete((ignored, failure) -> timers.execute(() -> {
            session.reporting.cancel(false);
            if (session.deadline != null) {
                session.deadline.cancel(false);
            }
            session.report(true);
            sessions.remove(runId);
            log.info("run {}: finished", runId);
        }));
    }

    @Override
    public void close() {
        closed = true;
        sessions.values().forEach(session -> session.execution.abort());
        transport.close();
        timers.shutdownNow();
    }
}
