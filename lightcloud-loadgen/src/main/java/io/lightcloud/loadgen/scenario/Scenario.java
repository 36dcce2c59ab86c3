package io.lightcloud.loadgen.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One executor's share of a compiled plan: the steps every virtual user runs, the load this executor drives, the
 * plan's variables and its CSV data sets (already partitioned by the controller).
 *
 * @param throughputPerUserPerMinute JMeter's constant-throughput timer ("this thread only"), 0 for none
 * @param allowedTargets the {@code host:port} pairs the controller checked against the project's policy; the engine
 *     connects to nothing else
 */
public record Scenario(
        LoadModel load,
        List<Step> steps,
        Map<String, String> variables,
        List<CsvDataSet> dataSets,
        boolean cookies,
        double throughputPerUserPerMinute,
        Set<String> allowedTargets) {
    public Scenario {
        requireNonNull(load, "load is null");
        steps = List.copyOf(steps);
        variables = Map.copyOf(variables);
        dataSets = List.copyOf(dataSets);
        allowedTargets = Set.copyOf(allowedTargets);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one step");
        }
    }
}
