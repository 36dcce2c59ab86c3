package io.lightcloud.loadtest.protocol;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.JsonFields;
import io.lightcloud.loadtest.BoundedJson;
import io.lightcloud.loadtest.pool.ExecutorRepository;
import io.lightcloud.loadtest.pool.LoadExecutor;
import io.lightcloud.loadtest.pool.WorkSignals;
import io.lightcloud.loadtest.run.RunCoordinator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The controller side of the executor protocol ({@code docs/loadtest.md}): registration, the work long-poll and
 * per-second results. Every call authenticates with the executor's credential.
 */
@RestController
@RequestMapping("/lightcloud/v1/loadtest/executor")
public class ExecutorProtocolController {
    private static final long MAX_WAIT_SECONDS = 30;
    private static final long MAX_REPORT_BYTES = 32L << 20;

    private final ExecutorRepository executors;
    private final WorkSignals signals;
    private final RunCoordinator coordinator;
    private final ObjectMapper mapper;

    public ExecutorProtocolController(ExecutorRepository executors, WorkSignals signals, RunCoordinator coordinator,
            ObjectMapper mapper) {
        this.executors = requireNonNull(executors, "executors is null");
        this.signals = requireNonNull(signals, "signals is null");
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @PostMapping("/register")
    public Map<String, Object> register(LoadExecutor executor, @RequestBody JsonNode body) {
        JsonFields in = JsonFields.of(body, "executor");
        String hostname = in.requiredNonBlank("hostname", 255);
        int users = in.integer("capacity_users", 1, 10_000_000).orElse(1000L).intValue();
        JsonNode rate = in.raw().get("capacity_rate");
        double capacityRate = rate != null && rate.isNumber() && rate.doubleValue() > 0 ? rate.doubleValue() : 10_000;
        executors.register(executor.id(), hostname, users, capacityRate);
        signals.bump(executor.id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", executor.id());
        answer.put("name", executor.name());
        return Map.of("executor", answer);
    }

    @GetMapping("/work")
    public DeferredResult<Object> work(LoadExecutor executor,
            @RequestParam(name = "since", defaultValue = "-1") long since,
            @RequestParam(name = "wait", defaultValue = "0") long wait) {
        if (wait < 0) {
            throw ApiException.badRequest("wait must be >= 0");
        }
        executors.touch(executor.id());
        return signals.poll(executor.id(), since, Duration.ofSeconds(Math.min(wait, MAX_WAIT_SECONDS)),
                () -> coordinator.work(executor.id()));
    }

    @PostMapping("/runs/{runId}/results")
    public Map<String, Object> results(LoadExecutor executor, @PathVariable String runId,
            HttpServletRequest request) throws IOException {
        JsonNode report = BoundedJson.read(request, MAX_REPORT_BYTES, mapper);
        if (!report.isObject() || !report.path("second").isIntegralNumber()) {
            throw ApiException.badRequest("A results report is a JSON object with 'second'.");
        }
        executors.touch(executor.id());
        boolean abort;
        try {
            abort = coordinator.accept(runId, executor.id(), report);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The results report is malformed: " + e.getMessage());
        }
        return Map.of("abort", abort);
    }
}
