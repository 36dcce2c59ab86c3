package io.lightcloud.loadgen.engine;

import static java.util.Objects.requireNonNull;

import io.lightcloud.loadgen.results.RunRecorder;
import io.lightcloud.loadgen.scenario.CsvDataSet;
import io.lightcloud.loadgen.scenario.LoadModel;
import io.lightcloud.loadgen.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run's share on this executor: starts its virtual users at their times, shares the CSV rows between them, and
 * completes when every user has finished. {@link #stop()} lets requests in flight finish (so every request the target
 * saw is counted); {@link #abort()} cuts them.
 */
public final class RunExecution {
    private final Scenario scenario;
    private final List<CompiledStep> steps;
    private final HttpTransport transport;
    private final RunRecorder recorder = new RunRecorder();
    private final List<AtomicInteger> rowCursors = new ArrayList<>();
    private final List<VirtualUser> users = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final long pacingNanos;
    private volatile RateChange rateChange;
    private volatile boolean stopping;
    private volatile boolean aborted;

    public RunExecution(Scenario scenario, HttpTransport transport) {
        this.scenario = requireNonNull(scenario, "scenario is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.steps = CompiledStep.flatten(scenario.steps(), recorder);
        scenario.dataSets().forEach(set -> rowCursors.add(new AtomicInteger()));
        double perMinute = scenario.throughputPerUserPerMinute();
        this.pacingNanos = perMinute > 0 ? Math.round(60e9 / perMinute) : 0;
    }

    /**
     * Starts the users: closed-model users evenly over the ramp-up from {@code startNanos}; open-model lanes share
     * the rate, their first arrivals staggered over one interval.
     *
     * @param firstUserNumber the number of this executor's first user in the whole run ({@code __threadNum})
     */
    public void start(long startNanos, int firstUserNumber) {
        LoadModel load = scenario.load();
        int count = load.users();
        running.set(count);
        recorder.activeUsers().set(0);
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long interval = 0;
            long first = 0;
            long delay;
            if (load.kind() == LoadModel.Kind.OPEN) {
                interval = Math.round(count * 1e9 / load.rate());
                first = startNanos + interval * i / count;
                delay = first - now;
            } else {
                delay = startNanos + TimeUnit.MILLISECONDS.toNanos(load.rampUpMillis()) * i / count - now;
            }
            VirtualUser user = new VirtualUser(this, transport.nextLoop(), firstUserNumber + i + 1, interval, first);
            users.add(user);
            user.start(delay);
            recorder.activeUsers().incrementAndGet();
        }
    }

    /** From {@code atNanos} on, open-model lanes arrive at {@code rate} per second in total (a rebalance). */
    private record RateChange(long atNanos, long intervalNanos) {
    }

    /**
     * Changes the open model's rate at an instant, so a rebalance across executors lands on every executor at once and
     * the total rate has no gap: each lane keeps its connection and spaces its arrivals after {@code atNanos} anew.
     */
    public void changeRate(double rate, long atNanos) {
        rateChange = new RateChange(atNanos, Math.round(scenario.load().users() * 1e9 / rate));
    }

    /** The spacing after an arrival intended at {@code intendedNanos}: the lane's own, or the changed rate's. */
    long arrivalIntervalNanos(long intendedNanos, long laneInterval) {
        RateChange change = rateChange;
        return change != null && intendedNanos >= change.atNanos() - laneInterval ? change.intervalNanos()
                : laneInterval;
    }

    public Scenario scenario() {
        return scenario;
    }

    List<CompiledStep> steps() {
        return steps;
    }

    HttpTransport transport() {
        return transport;
    }

    public RunRecorder recorder() {
        return recorder;
    }

    long pacingNanos() {
        return pacingNanos;
    }

    boolean stopping() {
        return stopping;
    }

    boolean aborted() {
        return aborted;
    }

    /** Sets the next row of every data set into {@code variables}; false when a non-recycling set is used up. */
    boolean nextRows(Map<String, String> variables) {
        for (int s = 0; s < rowCursors.size(); s++) {
            CsvDataSet set = scenario.dataSets().get(s);
            if (set.rows().isEmpty()) {
                continue;
            }
            int row = rowCursors.get(s).getAndIncrement();
            if (row >= set.rows().size()) {
                if (!set.recycle()) {
                    return false;
                }
                row %= set.rows().size();
            }
            List<String> values = set.rows().get(row);
            for (int v = 0; v < set.variableNames().size() && v < values.size(); v++) {
                variables.put(set.variableNames().get(v), values.get(v));
            }
        }
        return true;
    }

    void userFinished() {
        recorder.activeUsers().decrementAndGet();
        if (running.decrementAndGet() == 0) {
            finished.complete(null);
        }
    }

    public void stop() {
        stopping = true;
    }

    public void abort() {
        stopping = true;
        aborted = true;
        users.forEach(VirtualUser::abort);
    }

    public CompletableFuture<Void> finished() {
        return finished;
    }
}
