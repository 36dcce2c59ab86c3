package io.lightcloud.loadtest.run;

import static java.util.Objects.requireNonNull;

import io.lightcloud.loadtest.LoadtestSettings;
import io.lightcloud.loadtest.pool.ExecutorRepository;
import io.lightcloud.loadtest.pool.ExecutorView;
import io.lightcloud.loadtest.pool.LocalExecutors;
import io.lightcloud.loadtest.pool.WorkSignals;
import io.lightcloud.loadtest.safety.ProjectPolicy;
import io.lightcloud.loadtest.safety.ProjectPolicyRepository;
import io.lightcloud.loadtest.threshold.Threshold;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives runs through their life on the shared pool, from one tick a few times a second: places queued runs on live
 * executors (projects take turns, within their concurrent-run limit), splits users, rate and CSV rows by free
 * capacity, notices executors that stopped reporting (their share is marked lost, the run goes on with the others and
 * says so), judges thresholds live when asked to abort, and ends runs with their report. Executors' results are merged
 * as they arrive.
 */
public final class RunCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunCoordinator.class);
    private static final Duration START_DELAY = Duration.ofMillis(1500);
    private static final Duration END_GRACE = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final int LIVE_JUDGEMENT_AFTER_SECONDS = 5;

    private final RunRepository runs;
    private final ExecutorRepository executors;
    private final ProjectPolicyRepository policies;
    private final WorkSignals signals;
    private final LoadtestSettings settings;
    private final LocalExecutors local;
    private final ObjectMapper mapper;
    private final Map<String, MergedRun> merged = new ConcurrentHashMap<>();
    private final Map<String, OffsetDateTime> stopRequested = new ConcurrentHashMap<>();
    private final Set<String> abortedByThreshold = ConcurrentHashMap.newKeySet();
    /** When a run's last rebalance takes effect; the next waits for it, so two switches never overlap. */
    private final Map<String, OffsetDateTime> rebalanceSettles = new ConcurrentHashMap<>();
    private final Map<String, Integer> turns = new HashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "loadtest-coordinator");
        thread.setDaemon(true);
        return thread;
    });

    private OffsetDateTime idleSince;

    public RunCoordinator(RunRepository runs, ExecutorRepository executors, ProjectPolicyRepository policies,
            WorkSignals signals, LoadtestSettings settings, LocalExecutors local, ObjectMapper mapper) {
        this.runs = requireNonNull(runs, "runs is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.signals = requireNonNull(signals, "signals is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.local = requireNonNull(local, "local is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    /** Runs left running by a previous controller process lost their in-memory results; they end as errors. */
    public void start() {
        for (Run run : runs.withStatus(RunStatus.RUNNING, RunStatus.STOPPING)) {
            runs.finish(run.id(), run.status(), RunStatus.ERROR, "The controller restarted during the run; its "
                    + "live results were lost.", null);
        }
        long millis = settings.tickInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("load-test coordinator tick failed", e);
        }
    }

    synchronized void tick() {
        OffsetDateTime now = RunRepository.now();
        List<ExecutorView> alive = executors.alive(now.minus(settings.executorLostAfter()));
        Set<String> aliveIds = new HashSet<>();
        alive.forEach(e -> aliveIds.add(e.id()));
        List<Run> active = runs.withStatus(RunStatus.RUNNING, RunStatus.STOPPING);
        for (Run run : active) {
            supervise(run, aliveIds, now);
        }
        place(alive, now);
        if (settings.autoscale()) {
            autoscale(alive, runs.withStatus(RunStatus.RUNNING, RunStatus.STOPPING, RunStatus.QUEUED), now);
        }
    }

    /**
     * The pool's autoscaling on this host: open-model runs placed beyond their executors' capacity move part of their
     * rate onto executors that joined since (all shares switch at one instant, so the total rate has no gap); when
     * nothing has run for a while, the children above the pool's minimum are released.
     */
    private void autoscale(List<ExecutorView> alive, List<Run> active, OffsetDateTime now) {
        if (!active.isEmpty()) {
            idleSince = null;
        } else if (idleSince == null) {
            idleSince = now;
        } else if (now.isAfter(idleSince.plus(settings.releaseIdleAfter()))
                && local.count() > settings.localExecutors()) {
            local.scaleTo(settings.localExecutors());
        }
        Map<String, Double> usedRate = new HashMap<>();
        for (Share share : runs.busyShares()) {
            usedRate.merge(share.executorId(), share.rate(), Double::sum);
        }
        for (Run run : active) {
            if (run.status() == RunStatus.RUNNING && run.rate() > 0) {
                rebalance(run, alive, usedRate, now);
            }
        }
    }

    private void rebalance(Run run, List<ExecutorView> alive, Map<String, Double> usedRate, OffsetDateTime now) {
        List<Share> shares = runs.shares(run.id()).stream().filter(s -> s.state().equals("assigned")).toList();
        Map<String, ExecutorView> byId = new HashMap<>();
        alive.forEach(e -> byId.put(e.id(), e));
        boolean overcommitted = shares.stream().anyMatch(s -> byId.containsKey(s.executorId())
                && usedRate.getOrDefault(s.executorId(), 0.0) > byId.get(s.executorId()).capacityRate() + 1e-6);
        OffsetDateTime settles = rebalanceSettles.get(run.id());
        if (!overcommitted || now.isAfter(run.stopAt().minusSeconds(3)) || (settles != null && now.isBefore(settles))) {
            return;
        }
        Set<String> mine = new HashSet<>();
        shares.forEach(s -> mine.add(s.executorId()));
        List<ExecutorView> joining = alive.stream().filter(e -> !mine.contains(e.id())
                && usedRate.getOrDefault(e.id(), 0.0) < e.capacityRate()).toList();
        int room = Math.max(1, policies.find(run.projectId()).maxExecutors()) - shares.size();
        if (joining.isEmpty() || room <= 0) {
            return;
        }
        joining = joining.subList(0, Math.min(room, joining.size()));
        int total = shares.size() + joining.size();
        double each = run.rate() / total;
        OffsetDateTime switchAt = now.plus(START_DELAY);
        rebalanceSettles.put(run.id(), switchAt.plusSeconds(1));
        long revision = System.currentTimeMillis();
        int connections = Math.max(1, shares.stream().mapToInt(Share::users).sum() / shares.size());
        for (Share share : shares) {
            ObjectNode assignment = (ObjectNode) mapper.readTree(share.assignment());
            ((ObjectNode) assignment.path("scenario").path("load")).put("rate", each);
            assignment.put("revision", revision);
            assignment.put("rate_from", switchAt.toInstant().toEpochMilli());
            runs.updateShare(run.id(), share.executorId(), each, mapper.writeValueAsString(assignment));
        }
        ObjectNode template = (ObjectNode) mapper.readTree(shares.get(0).assignment());
        int firstUser = run.users();
        for (ExecutorView executor : joining) {
            ObjectNode assignment = template.deepCopy();
            ObjectNode load = (ObjectNode) assignment.path("scenario").path("load");
            load.put("rate", each);
            load.put("users", connections);
            assignment.put("start_at", switchAt.toInstant().toEpochMilli());
            assignment.put("first_user_number", firstUser);
            assignment.put("revision", revision);
            firstUser += connections;
            runs.addShare(new Share(run.id(), executor.id(), connections, each, "assigned",
                    mapper.writeValueAsString(assignment)));
        }
        runs.addEvent(run.id(), "autoscaling: the rate moves onto " + total + " executors at " + Reports.round(each)
                + "/s each from " + switchAt.withNano(0));
        log.info("run {} rebalanced onto {} executors", run.id(), total);
        shares.forEach(s -> signals.bump(s.executorId()));
        joining.forEach(e -> signals.bump(e.id()));
    }

    private void supervise(Run run, Set<String> aliveIds, OffsetDateTime now) {
        List<Share> shares = runs.shares(run.id());
        for (Share share : shares) {
            if (share.state().equals("assigned") && !aliveIds.contains(share.executorId())
                    && runs.setShareState(run.id(), share.executorId(), "assigned", "lost")) {
                String name = executors.find(share.executorId()).map(ExecutorView::name).orElse(share.executorId());
                runs.addEvent(run.id(), "executor " + name + " (" + share.executorId() + ") stopped reporting; its "
                        + share.users() + " users are gone from the run, its results until then are kept");
                Optional.ofNullable(merged.get(run.id())).ifPresent(m -> m.executorGone(share.executorId()));
                log.warn("run {}: executor {} lost", run.id(), share.executorId());
            }
        }
        shares = runs.shares(run.id());
        boolean anyAssigned = shares.stream().anyMatch(s -> s.state().equals("assigned"));
        boolean anyFinished = shares.stream().anyMatch(s -> s.state().equals("finished"));
        if (!anyAssigned) {
            if (run.status() == RunStatus.STOPPING) {
                end(run, null);
            } else if (!anyFinished && shares.stream().anyMatch(s -> s.state().equals("lost"))) {
                end(run, "Every executor of the run was lost; the results they sent are kept.");
            } else {
                end(run, null);
            }
            return;
        }
        OffsetDateTime requested = stopRequested.get(run.id());
        if (run.status() == RunStatus.STOPPING && requested != null && now.isAfter(requested.plus(STOP_GRACE))) {
            markMissing(run, shares, "did not confirm the stop");
            end(run, null);
            return;
        }
        if (run.stopAt() != null && now.isAfter(run.stopAt().plus(END_GRACE))) {
            markMissing(run, shares, "sent no final results");
            end(run, null);
            return;
        }
        if (run.abortOnThreshold() && run.status() == RunStatus.RUNNING) {
            judgeLive(run);
        }
    }

    private void markMissing(Run run, List<Share> shares, String why) {
        for (Share share : shares) {
            if (share.state().equals("assigned")
                    && runs.setShareState(run.id(), share.executorId(), "assigned", "missing")) {
                runs.addEvent(run.id(), "executor " + share.executorId() + " " + why + "; its results until then "
                        + "are kept");
                signals.bump(share.executorId());
            }
        }
    }

    private void judgeLive(Run run) {
        MergedRun state = merged.get(run.id());
        if (state == null) {
            return;
        }
        MergedRun.Snapshot snapshot = state.snapshot();
        if (snapshot.durationSeconds() < LIVE_JUDGEMENT_AFTER_SECONDS) {
            return;
        }
        for (Map<String, Object> verdict : Reports.verdicts(snapshot, thresholds(run), true)) {
            if (Boolean.FALSE.equals(verdict.get("passed"))) {
                String why = "threshold '" + verdict.get("threshold") + "' failed during the run (actual "
                        + verdict.get("actual") + "); aborted as asked";
                runs.addEvent(run.id(), why);
                abortedByThreshold.add(run.id());
                requestStop(run, RunStatus.RUNNING);
                return;
            }
        }
    }

    private List<Threshold> thresholds(Run run) {
        return run.thresholds().stream().map(Threshold::parse).toList();
    }

    /** Places queued runs; projects take turns, each within its concurrent-run limit. */
    private void place(List<ExecutorView> alive, OffsetDateTime now) {
        List<Run> queued = runs.withStatus(RunStatus.QUEUED);
        if (queued.isEmpty()) {
            return;
        }
        Map<String, Integer> usedUsers = new HashMap<>();
        Map<String, Double> usedRate = new HashMap<>();
        Map<String, Integer> runningPerProject = new HashMap<>();
        for (Share share : runs.busyShares()) {
            usedUsers.merge(share.executorId(), share.users(), Integer::sum);
            usedRate.merge(share.executorId(), share.rate(), Double::sum);
        }
        for (Run run : runs.withStatus(RunStatus.RUNNING, RunStatus.STOPPING)) {
            runningPerProject.merge(run.projectId(), 1, Integer::sum);
        }
        queued.sort(Comparator.comparingInt((Run r) -> turns.getOrDefault(r.projectId(), 0))
                .thenComparing(Run::createdAt));
        for (Run run : queued) {
            ProjectPolicy policy = policies.find(run.projectId());
            if (runningPerProject.getOrDefault(run.projectId(), 0) >= Math.max(1, policy.maxConcurrentRuns())) {
                continue;
            }
            if (tryPlace(run, policy, alive, usedUsers, usedRate, now)) {
                runningPerProject.merge(run.projectId(), 1, Integer::sum);
                turns.merge(run.projectId(), 1, Integer::sum);
            }
        }
    }

    private boolean tryPlace(Run run, ProjectPolicy policy, List<ExecutorView> alive, Map<String, Integer> usedUsers,
            Map<String, Double> usedRate, OffsetDateTime now) {
        ObjectNode scenario = (ObjectNode) mapper.readTree(run.scenario());
        boolean open = scenario.path("load").path("model").asString().equals("open");
        List<ExecutorView> candidates = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (ExecutorView e : alive) {
            double free = open ? e.capacityRate() - usedRate.getOrDefault(e.id(), 0.0)
                    : e.capacityUsers() - usedUsers.getOrDefault(e.id(), 0);
            int freeUsers = e.capacityUsers() - usedUsers.getOrDefault(e.id(), 0);
            if (free > 0 && freeUsers > 0) {
                candidates.add(e);
                weights.add(free);
            }
        }
        int limit = Math.min(Math.max(1, policy.maxExecutors()), run.users());
        while (candidates.size() > limit) {
            int smallest = weights.indexOf(weights.stream().min(Double::compare).orElseThrow());
            candidates.remove(smallest);
            weights.remove(smallest);
        }
        double totalFree = weights.stream().mapToDouble(Double::doubleValue).sum();
        double demand = open ? run.rate() : run.users();
        if (settings.autoscale() && totalFree < demand) {
            double perExecutor = open ? settings.executorCapacityRate() : settings.executorCapacityUsers();
            int wanted = local.count() + (int) Math.ceil((demand - totalFree) / perExecutor);
            if (wanted > local.count()) {
                log.info("autoscaling: run {} needs {} more capacity; {} local executors wanted", run.id(),
                        demand - totalFree, wanted);
                local.scaleTo(wanted);
            }
        }
        if (candidates.isEmpty() || (totalFree < demand && !(open && settings.autoscale()))) {
            return false;
        }
        List<Integer> users = ShareSplit.split(run.users(), weights);
        for (int i = users.size() - 1; i >= 0; i--) {
            if (users.get(i) == 0) {
                users.remove(i);
                candidates.remove(i);
                weights.remove(i);
            }
        }
        OffsetDateTime startAt = now.plus(START_DELAY);
        long durationSeconds = run.durationSeconds() > 0 ? run.durationSeconds() : policy.maxDurationSeconds();
        OffsetDateTime stopAt = startAt.plusSeconds(durationSeconds);
        if (!runs.start(run.id(), startAt, stopAt)) {
            return false;
        }
        merged.put(run.id(), new MergedRun(transactionLabels(scenario)));
        List<Integer> rowsUsers = users;
        int firstUser = 0;
        for (int i = 0; i < candidates.size(); i++) {
            ExecutorView executor = candidates.get(i);
            double rate = open ? run.rate() * users.get(i) / run.users() : 0;
            ObjectNode share = scenario.deepCopy();
            ObjectNode load = (ObjectNode) share.path("load");
            load.put("users", users.get(i));
            load.put("rate", rate);
            partitionRows(share, rowsUsers, i);
            Map<String, Object> assignment = new LinkedHashMap<>();
            assignment.put("run_id", run.id());
            assignment.put("scenario", share);
            assignment.put("start_at", startAt.toInstant().toEpochMilli());
            assignment.put("stop_at", stopAt.toInstant().toEpochMilli());
            assignment.put("first_user_number", firstUser);
            firstUser += users.get(i);
            runs.addShare(new Share(run.id(), executor.id(), users.get(i), rate, "assigned",
                    mapper.writeValueAsString(assignment)));
            usedUsers.merge(executor.id(), users.get(i), Integer::sum);
            usedRate.merge(executor.id(), rate, Double::sum);
            runs.addEvent(run.id(), "executor " + executor.name() + " (" + executor.id() + ") runs " + users.get(i)
                    + (open ? " connections at " + Reports.round(rate) + "/s" : " users"));
        }
        log.info("run {} of project {} placed on {} executors", run.id(), run.projectId(), candidates.size());
        candidates.forEach(e -> signals.bump(e.id()));
        return true;
    }

    private static void partitionRows(ObjectNode share, List<Integer> users, int index) {
        for (JsonNode set : share.path("data_sets").values()) {
            if (!set.path("partition").asBoolean(true) || users.size() == 1) {
                continue;
            }
            ArrayNode rows = (ArrayNode) set.path("rows");
            if (rows.size() < users.size()) {
                continue;
            }
            List<Integer> counts = ShareSplit.split(rows.size(),
                    users.stream().map(Integer::doubleValue).toList());
            int from = 0;
            for (int i = 0; i < index; i++) {
                from += counts.get(i);
            }
            ArrayNode mine = rows.arrayNode();
            for (int r = from; r < from + counts.get(index); r++) {
                mine.add(rows.get(r));
            }
            ((ObjectNode) set).set("rows", mine);
        }
    }

    private static Set<String> transactionLabels(JsonNode scenario) {
        Set<String> labels = new HashSet<>();
        for (JsonNode step : scenario.path("steps").values()) {
            if (step.path("type").asString().equals("transaction")) {
                labels.add(step.path("label").asString());
            }
        }
        return labels;
    }

    /** The assignments an executor should run now. */
    public Map<String, Object> work(String executorId) {
        List<Object> assignments = new ArrayList<>();
        for (Share share : runs.activeShares(executorId)) {
            assignments.add(mapper.readTree(share.assignment()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("generation", signals.generation(executorId));
        answer.put("assignments", assignments);
        return answer;
    }

    /**
     * Merges one executor's report; a final one closes its share.
     *
     * @return whether the executor should abort (the run is stopping or over)
     */
    public boolean accept(String runId, String executorId, JsonNode report) {
        MergedRun state = merged.get(runId);
        Share share = runs.share(runId, executorId).orElse(null);
        if (state == null || share == null) {
            return true;
        }
        state.add(executorId, report);
        if (report.path("final").asBoolean(false)) {
            runs.setShareState(runId, executorId, "assigned", "finished");
        }
        Run run = runs.find(runId).orElse(null);
        return run == null || run.status() != RunStatus.RUNNING || !share.state().equals("assigned");
    }

    /** Live results of a running run, or null when the run holds no merged state here. */
    public Map<String, Object> liveResults(Run run) {
        MergedRun state = merged.get(run.id());
        return state == null ? null : Reports.results(state.snapshot(), thresholds(run));
    }

    public synchronized boolean stop(Run run) {
        if (run.status() == RunStatus.QUEUED) {
            return runs.finish(run.id(), RunStatus.QUEUED, RunStatus.STOPPED, "Stopped before it started.", null);
        }
        if (run.status() == RunStatus.RUNNING) {
            runs.addEvent(run.id(), "stop requested");
            return requestStop(run, RunStatus.RUNNING);
        }
        return false;
    }

    private boolean requestStop(Run run, RunStatus from) {
        if (!runs.transition(run.id(), from, RunStatus.STOPPING, null)) {
            return false;
        }
        stopRequested.put(run.id(), RunRepository.now());
        runs.shares(run.id()).forEach(s -> signals.bump(s.executorId()));
        return true;
    }

    private void end(Run run, String failure) {
        MergedRun state = merged.remove(run.id());
        boolean stoppedByUser = run.status() == RunStatus.STOPPING && !abortedByThreshold.remove(run.id());
        Map<String, Object> report = state == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(Reports.results(state.snapshot(), thresholds(run)));
        List<Run> fresh = runs.find(run.id()).stream().toList();
        report.put("events", fresh.isEmpty() ? run.events() : fresh.get(0).events());
        report.put("shares", runs.shares(run.id()).stream().map(s -> Map.of("executor_id", s.executorId(),
                "users", s.users(), "rate", s.rate(), "state", s.state())).toList());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> verdicts = (List<Map<String, Object>>) report.getOrDefault("thresholds", List.of());
        boolean thresholdsFailed = verdicts.stream().anyMatch(v -> !Boolean.TRUE.equals(v.get("passed")));
        boolean partial = runs.shares(run.id()).stream().anyMatch(s -> !s.state().equals("finished"));
        RunStatus status;
        String message;
        if (failure != null) {
            status = RunStatus.ERROR;
            message = failure;
        } else if (stoppedByUser) {
            status = RunStatus.STOPPED;
            message = "Stopped on request.";
        } else if (thresholdsFailed || run.status() == RunStatus.STOPPING) {
            status = RunStatus.FAILED;
            message = "Thresholds failed: " + verdicts.stream().filter(v -> !Boolean.TRUE.equals(v.get("passed")))
                    .map(v -> v.get("threshold") + " (actual " + v.get("actual") + ")").toList() + ".";
        } else {
            status = RunStatus.PASSED;
            message = verdicts.isEmpty() ? "Completed." : "Every threshold passed.";
        }
        if (partial && failure == null) {
            message += " Some executors did not finish their share (see the events); their results until then "
                    + "are included.";
        }
        report.put("partial", partial);
        runs.finish(run.id(), run.status(), status, message, mapper.writeValueAsString(report));
        stopRequested.remove(run.id());
        rebalanceSettles.remove(run.id());
        runs.shares(run.id()).forEach(s -> signals.bump(s.executorId()));
        log.info("run {} ended: {} ({})", run.id(), status.wire(), message);
    }
}
